package io.portico.plugins.limiting;

import io.portico.plugin.Metrics;
import io.portico.plugin.RouteInfo;

/**
 * {@code portico_rate_limited_total{route,plugin}}: requests refused by rate-limiting, quota or
 * throttling. A plugin resolves its route's series in {@link io.portico.plugin.Plugin#forRoute}.
 */
public final class RateLimitedCounter {

    private final Metrics.CounterFamily family;
    private final String plugin;

    private RateLimitedCounter(Metrics.CounterFamily family, String plugin) {
        this.family = family;
        this.plugin = plugin;
    }

    public static RateLimitedCounter of(Metrics metrics, String plugin) {
        return new RateLimitedCounter(metrics.counter("portico_rate_limited_total",
                "Requests refused by rate-limiting, quota or throttling, by route and plugin.", "route", "plugin"), plugin);
    }

    public Metrics.Counter forRoute(RouteInfo route) {
        return family.labels(route.name(), plugin);
    }
}
