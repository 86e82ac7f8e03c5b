package io.portico.plugins.prometheus;

import io.portico.plugin.Completed;
import io.portico.plugin.Consumer;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.Plugin;
import io.portico.plugin.RouteInfo;

/**
 * Records each request in the log phase. The configured instance is specialised per route ({@link
 * #forRoute}), so the data path only increments handles it already holds.
 */
final class PrometheusPlugin implements Plugin {

    private final PrometheusConfig config;
    private final RequestMetrics families;
    /** This route's series; null only in the configured instance, which chains never run. */
    private final RouteMetrics route;

    PrometheusPlugin(PrometheusConfig config, RequestMetrics families) {
        this(config, families, null);
    }

    private PrometheusPlugin(PrometheusConfig config, RequestMetrics families, RouteMetrics route) {
        this.config = config;
        this.families = families;
        this.route = route;
    }

    @Override
    public Plugin forRoute(RouteInfo info) {
        return new PrometheusPlugin(config, families, new RouteMetrics(families, info));
    }

    @Override
    public void log(HttpExchange exchange, Completed completed) {
        RouteMetrics metrics = route != null ? route
                : new RouteMetrics(families, new RouteInfo(exchange.routeName(), exchange.serviceName()));
        if (config.statusCodeMetrics()) {
            metrics.countRequest(exchange.method(), completed.status());
        }
        if (config.latencyMetrics()) {
            metrics.observeLatency(completed.durationNanos(), completed.upstreamLatencyNanos());
        }
        if (config.bandwidthMetrics()) {
            metrics.countBytes(completed.bytesIn(), completed.bytesOut());
        }
        if (config.perConsumer()) {
            Consumer consumer = exchange.consumer();
            if (consumer != null) {
                metrics.countConsumer(consumer.username());
            }
        }
    }
}
