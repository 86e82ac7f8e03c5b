package io.portico.proxy;

import io.portico.observability.AccessLog;
import io.portico.transport.Transport;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every connection shares: the current snapshot (swapped atomically on reload), the access log
 * and the transport. Handlers read {@link #snapshot()} once per request.
 */
public final class ProxyRuntime {

    private final Transport transport;
    private final AccessLog accessLog;
    private volatile GatewaySnapshot snapshot;
    private volatile boolean draining;
    private final LongAdder requests = new LongAdder();

    public ProxyRuntime(Transport transport, AccessLog accessLog, GatewaySnapshot initial) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.accessLog = Objects.requireNonNull(accessLog, "accessLog");
        this.snapshot = Objects.requireNonNull(initial, "initial");
    }

    public GatewaySnapshot snapshot() {
        return snapshot;
    }

    /** Makes {@code next} the snapshot of every request whose head arrives from now on. */
    public GatewaySnapshot swap(GatewaySnapshot next) {
        GatewaySnapshot previous = snapshot;
        snapshot = Objects.requireNonNull(next, "next");
        return previous;
    }

    public Transport transport() {
        return transport;
    }

    public AccessLog accessLog() {
        return accessLog;
    }

    void requestReceived() {
        requests.increment();
    }

    /** Request heads received since the gateway started (every one, whatever became of it). */
    public long requestsReceived() {
        return requests.sum();
    }

    /** Once set, connections close after their current response instead of waiting for another request. */
    public void startDraining() {
        draining = true;
    }

    public boolean isDraining() {
        return draining;
    }
}
