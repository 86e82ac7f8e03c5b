package io.portico.upstream.health;

import io.portico.config.ActiveHealthCheckSpec;
import io.portico.config.HostPort;
import io.portico.transport.Transport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Active health checks of one upstream: one {@link HealthProbe} per target, each pinned to one event loop of
 * the transport, probing every {@code interval} without overlap and never blocking the loop.
 */
public final class ActiveHealthChecker implements AutoCloseable {

    private final ActiveHealthCheckSpec spec;
    private final Transport transport;
    private final List<HealthProbe> probes = new ArrayList<>();
    private boolean closed;

    public ActiveHealthChecker(ActiveHealthCheckSpec spec, Transport transport) {
        if (spec.interval().isZero() || spec.interval().isNegative()) {
            throw new IllegalArgumentException("interval: " + spec.interval() + " (expected: > 0)");
        }
        if (spec.timeout().isZero() || spec.timeout().isNegative()) {
            throw new IllegalArgumentException("timeout: " + spec.timeout() + " (expected: > 0)");
        }
        this.spec = spec;
        this.transport = transport;
    }

    /** Starts probing a target: the first probe runs at once, later ones every {@code interval}. */
    public synchronized void watch(HostPort address, InetSocketAddress socketAddress, TargetHealth health) {
        if (closed) {
            throw new IllegalStateException("health checker closed");
        }
        HealthProbe probe = new HealthProbe(spec, transport, transport.group().next(), address, socketAddress, health);
        probes.add(probe);
        probe.start();
    }

    /** Stops every probe; a probe in flight is abandoned without recording a result. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (HealthProbe probe : probes) {
            probe.close();
        }
        probes.clear();
    }
}
