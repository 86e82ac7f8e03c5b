package io.portico.observability;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.portico.upstream.Target;
import io.portico.upstream.Upstream;
import io.portico.upstream.UpstreamRegistry;
import io.portico.upstream.breaker.CircuitBreaker;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The metrics the core records whatever plugins are configured: connections, target health, circuit
 * breakers, Netty's buffer memory and the JVM. Each reads its values when scraped, from the gateway's
 * current configuration, so nothing is recorded per request and a reload adds or removes series at once.
 * Label values are configuration names (upstreams, targets as written, services).
 */
public final class GatewayMetrics {

    private GatewayMetrics() {}

    /**
     * Registers the core metrics in {@code metrics}.
     *
     * @param connections         counts open client connections by state (called at each scrape)
     * @param acceptedConnections client connections accepted since the gateway started
     * @param upstreams           the current configuration's upstreams
     * @param circuitBreakers     the current configuration's circuit breakers, by service name
     */
    public static void register(MetricRegistry metrics, Supplier<ConnectionCounts> connections,
            LongSupplier acceptedConnections, Supplier<UpstreamRegistry> upstreams,
            Supplier<Map<String, CircuitBreaker>> circuitBreakers) {
        PrometheusRegistry registry = metrics.prometheus();
        GaugeWithCallback.builder()
                .name("portico_connections")
                .help("Open client connections: active (a request in progress) or idle (between requests).")
                .labelNames("state")
                .callback(callback -> {
                    ConnectionCounts counts = connections.get();
                    callback.call(counts.active(), "active");
                    callback.call(counts.idle(), "idle");
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("portico_connections_accepted_total")
                .help("Client connections accepted since the gateway started.")
                .callback(callback -> callback.call(acceptedConnections.getAsLong()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("portico_upstream_target_healthy")
                .help("1 while a target of an upstream is healthy (active and passive checks), 0 otherwise.")
                .labelNames("upstream", "target")
                .callback(callback -> {
                    for (Upstream upstream : upstreams.get().all()) {
                        for (Target target : upstream.targets()) {
                            callback.call(target.isHealthy() ? 1 : 0, upstream.name(), target.address().toString());
                        }
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("portico_circuit_breaker_state")
                .help("1 for the current state of a service's circuit breaker (closed, open, half_open), 0 for the others.")
                .labelNames("service", "state")
                .callback(callback -> {
                    for (Map.Entry<String, CircuitBreaker> entry : circuitBreakers.get().entrySet()) {
                        CircuitBreaker.State current = entry.getValue().state();
                        for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
                            callback.call(state == current ? 1 : 0, entry.getKey(), stateName(state));
                        }
                    }
                })
                .register(registry);
        registerNettyMemory(registry);
        JvmProcessMetrics.addTo(registry);
    }

    static String stateName(CircuitBreaker.State state) {
        return switch (state) {
            case CLOSED -> "closed";
            case OPEN -> "open";
            case HALF_OPEN -> "half_open";
        };
    }

    /**
     * Memory held by Netty's default allocator, the one every channel of the transport uses (the
     * adaptive allocator in Netty 4.2, the pooled one with {@code -Dio.netty.allocator.type=pooled}).
     */
    private static void registerNettyMemory(PrometheusRegistry registry) {
        if (!(ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider)) {
            return; // unpooled: buffers are plain JVM memory, nothing of Netty's own to report
        }
        ByteBufAllocatorMetric allocator = provider.metric();
        GaugeWithCallback.builder()
                .name("portico_netty_memory_used_bytes")
                .help("Memory held by Netty's buffer allocator (process-wide), by type: direct or heap.")
                .labelNames("type")
                .callback(callback -> {
                    callback.call(allocator.usedDirectMemory(), "direct");
                    callback.call(allocator.usedHeapMemory(), "heap");
                })
                .register(registry);
    }
}
