package io.portico.plugins.prometheus;

import io.portico.plugin.Metrics;
import io.portico.plugin.RouteInfo;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One route's series. Duration, upstream and bandwidth handles are resolved when the route's chain is
 * compiled; the request counters, one per method and status actually seen, on first use and then
 * read from an array. Races between event loops only resolve the same series twice.
 */
final class RouteMetrics {

    private static final int FIRST_STATUS = 100;
    private static final int STATUSES = 500;

    private final RequestMetrics families;
    private final String route;
    private final String service;
    private final Metrics.Counter[][] requestsByMethod = new Metrics.Counter[MethodIndex.LABELS.length][];
    private final Metrics.Histogram duration;
    private final Metrics.Histogram upstreamDuration;
    private final Metrics.Counter ingress;
    private final Metrics.Counter egress;
    private final Map<String, Metrics.Counter> byConsumer = new ConcurrentHashMap<>();

    RouteMetrics(RequestMetrics families, RouteInfo route) {
        this.families = families;
        this.route = route.name();
        this.service = route.service() == null ? "" : route.service();
        this.duration = families.duration().labels(this.route);
        this.upstreamDuration = families.upstreamDuration().labels(this.route);
        this.ingress = families.bandwidth().labels(this.route, "ingress");
        this.egress = families.bandwidth().labels(this.route, "egress");
    }

    void countRequest(String method, int status) {
        int methodIndex = MethodIndex.of(method);
        Metrics.Counter[] byStatus = requestsByMethod[methodIndex];
        if (byStatus == null) {
            byStatus = new Metrics.Counter[STATUSES];
            requestsByMethod[methodIndex] = byStatus;
        }
        int slot = Math.max(0, Math.min(STATUSES - 1, status - FIRST_STATUS));
        Metrics.Counter counter = byStatus[slot];
        if (counter == null) {
            counter = families.requests().labels(route, service, MethodIndex.LABELS[methodIndex],
                    Integer.toString(slot + FIRST_STATUS));
            byStatus[slot] = counter;
        }
        counter.increment();
    }

    void observeLatency(long durationNanos, long upstreamLatencyNanos) {
        duration.observe(durationNanos / 1e9);
        if (upstreamLatencyNanos >= 0) {
            upstreamDuration.observe(upstreamLatencyNanos / 1e9);
        }
    }

    void countBytes(long in, long out) {
        if (in > 0) {
            ingress.add(in);
        }
        if (out > 0) {
            egress.add(out);
        }
    }

    /** Consumer names come from configuration, so the number of series stays bounded. */
    void countConsumer(String username) {
        byConsumer.computeIfAbsent(username, name -> families.consumerRequests().labels(route, name)).increment();
    }
}
