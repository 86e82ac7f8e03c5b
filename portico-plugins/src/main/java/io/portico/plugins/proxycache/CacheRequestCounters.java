package io.portico.plugins.proxycache;

import io.portico.plugin.Metrics;
import io.portico.plugin.RouteInfo;

/** {@code portico_cache_requests_total{route,result}}: the handles of one route, one per result. */
final class CacheRequestCounters {

    private final Metrics.Counter[] byResult;

    private CacheRequestCounters(Metrics.Counter[] byResult) {
        this.byResult = byResult;
    }

    static Metrics.CounterFamily family(Metrics metrics) {
        return metrics.counter("portico_cache_requests_total",
                "Requests seen by proxy-cache, by route and result (hit, miss, bypass, refresh, stale).", "route", "result");
    }

    static CacheRequestCounters forRoute(Metrics.CounterFamily family, RouteInfo route) {
        CacheResult[] results = CacheResult.values();
        Metrics.Counter[] counters = new Metrics.Counter[results.length];
        for (CacheResult result : results) {
            counters[result.ordinal()] = family.labels(route.name(), result.label);
        }
        return new CacheRequestCounters(counters);
    }

    void record(CacheResult result) {
        byResult[result.ordinal()].increment();
    }
}
