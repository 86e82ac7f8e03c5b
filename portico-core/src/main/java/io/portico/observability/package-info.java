/**
 * What Portico records about traffic and about itself: the access log (one JSON line per request, written
 * by a background thread so that logging never blocks an event loop) and the Prometheus metrics ({@link
 * io.portico.observability.MetricRegistry}, one per gateway). Plugins record per request on handles they
 * resolved when their configuration was compiled; the core's own metrics ({@link
 * io.portico.observability.GatewayMetrics}, {@link io.portico.observability.ConfigLoads}) read their values
 * when scraped, so they cost the data path nothing.
 */
package io.portico.observability;
