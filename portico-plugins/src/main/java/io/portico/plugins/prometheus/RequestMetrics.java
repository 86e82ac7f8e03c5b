package io.portico.plugins.prometheus;

import io.portico.plugin.Metrics;

/** The metric families the plugin records into; registered once per process, found again on reloads. */
record RequestMetrics(
        Metrics.CounterFamily requests,
        Metrics.HistogramFamily duration,
        Metrics.HistogramFamily upstreamDuration,
        Metrics.CounterFamily bandwidth,
        Metrics.CounterFamily consumerRequests) {

    static RequestMetrics register(Metrics metrics) {
        return new RequestMetrics(
                metrics.counter("portico_requests_total", "Requests answered, by route, service, method and status.",
                        "route", "service", "method", "status"),
                metrics.histogram("portico_request_duration_seconds",
                        "Time from the request head to the end of the response, by route.", Metrics.LATENCY_SECONDS, "route"),
                metrics.histogram("portico_upstream_duration_seconds",
                        "Time from the first upstream try to the end of the response, by route.", Metrics.LATENCY_SECONDS,
                        "route"),
                metrics.counter("portico_bandwidth_bytes_total", "Body bytes received from clients (ingress) and sent "
                        + "to them (egress), by route.", "route", "direction"),
                metrics.counter("portico_consumer_requests_total", "Requests by route and consumer (per_consumer: true).",
                        "route", "consumer"));
    }
}
