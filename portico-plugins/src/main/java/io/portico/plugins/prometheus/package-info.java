/**
 * The {@code prometheus} plugin: per-route request counts, latency histograms and bandwidth, recorded
 * in the log phase on handles resolved when the configuration is compiled, and served with the rest
 * of Portico's metrics on the admin listener's {@code GET /metrics}.
 */
package io.portico.plugins.prometheus;
