package io.portico.plugins.prometheus;

/**
 * The {@code prometheus} plugin's keys (Kong's names).
 *
 * @param perConsumer        also count requests per consumer ({@code portico_consumer_requests_total})
 * @param statusCodeMetrics  count requests by route, service, method and status ({@code portico_requests_total})
 * @param latencyMetrics     record {@code portico_request_duration_seconds} and {@code portico_upstream_duration_seconds}
 * @param bandwidthMetrics   count bytes in and out ({@code portico_bandwidth_bytes_total})
 */
record PrometheusConfig(boolean perConsumer, boolean statusCodeMetrics, boolean latencyMetrics, boolean bandwidthMetrics) {}
