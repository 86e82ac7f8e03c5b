package io.portico.upstream;

import io.portico.config.UpstreamSpec;
import io.portico.transport.Transport;
import io.portico.upstream.health.ActiveHealthChecker;
import io.portico.upstream.health.HealthListener;
import io.portico.upstream.health.HealthTransition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstreams of one configuration. A configuration reload creates a new registry from the old one, so
 * that targets keep their health, then closes the old one.
 */
public final class UpstreamRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UpstreamRegistry.class);

    private final Map<String, Upstream> upstreams;
    private final List<UpstreamSpec> specs;
    private final Transport transport;
    private final List<HealthListener> listeners = new CopyOnWriteArrayList<>();
    private final List<ActiveHealthChecker> checkers = new ArrayList<>();
    private boolean started;
    private boolean closed;

    private UpstreamRegistry(List<UpstreamSpec> specs, UpstreamRegistry previous, Transport transport,
            LongSupplier ticker) {
        this.specs = List.copyOf(specs);
        this.transport = transport;
        if (previous != null) {
            listeners.addAll(previous.listeners);
        }
        Map<String, Upstream> byName = new LinkedHashMap<>();
        HealthListener dispatch = this::dispatch;
        for (UpstreamSpec spec : this.specs) {
            if (byName.containsKey(spec.name())) {
                throw new IllegalArgumentException(
                        "upstreams: \"" + spec.name() + "\" defined twice (expected: unique names)");
            }
            Upstream old = previous == null ? null : previous.get(spec.name());
            byName.put(spec.name(), Upstream.create(spec, old, ticker, dispatch));
        }
        this.upstreams = Collections.unmodifiableMap(byName);
        if (transport != null) {
            for (Upstream upstream : upstreams.values()) {
                upstream.useTimers(transport.group());
            }
        }
    }

    /**
     * Compiles {@code specs}, resolving every target host (blocking DNS: call off the event loops).
     *
     * @param previous  the registry being replaced, or null: targets it had (same upstream name, same address)
     *                  keep their health state and counters, and its health listeners carry over
     * @param transport event loops for active checks and ejection timers; null for a registry that only
     *                  selects (tools, tests): ejections then end lazily, at the next selection
     * @throws IllegalArgumentException when a host cannot be resolved or a name is defined twice
     */
    public static UpstreamRegistry create(List<UpstreamSpec> specs, UpstreamRegistry previous, Transport transport) {
        return new UpstreamRegistry(specs, previous, transport, System::nanoTime);
    }

    static UpstreamRegistry create(List<UpstreamSpec> specs, UpstreamRegistry previous, Transport transport,
            LongSupplier ticker) {
        return new UpstreamRegistry(specs, previous, transport, ticker);
    }

    /** The upstream of this name, or null. */
    public Upstream get(String name) {
        return upstreams.get(name);
    }

    public Collection<Upstream> all() {
        return upstreams.values();
    }

    /** Adds a listener for health flips of any target; it carries over to registries created from this one. */
    public void addHealthListener(HealthListener listener) {
        listeners.add(listener);
    }

    public void removeHealthListener(HealthListener listener) {
        listeners.remove(listener);
    }

    /** Starts the active checks of every upstream that configures them. Idempotent. */
    public synchronized void startHealthChecks() {
        if (started || closed) {
            return;
        }
        started = true;
        for (UpstreamSpec spec : specs) {
            if (spec.healthChecks() == null || spec.healthChecks().active() == null) {
                continue;
            }
            if (transport == null) {
                throw new IllegalStateException(
                        "upstream " + spec.name() + ": active health checks need a transport (expected: non-null)");
            }
            ActiveHealthChecker checker = new ActiveHealthChecker(spec.healthChecks().active(), transport);
            checkers.add(checker);
            for (Target target : upstreams.get(spec.name()).targets()) {
                checker.watch(target.address(), target.socketAddress(), target.health());
            }
        }
    }

    /** Stops the active checks and ejection timers. Selection keeps working. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ActiveHealthChecker checker : checkers) {
            checker.close();
        }
        checkers.clear();
        for (Upstream upstream : upstreams.values()) {
            upstream.useTimers(null);
        }
    }

    private void dispatch(HealthTransition transition) {
        for (HealthListener listener : listeners) {
            try {
                listener.healthChanged(transition);
            } catch (RuntimeException e) {
                log.warn("health listener {} failed on {}", listener, transition, e);
            }
        }
    }

    @Override
    public String toString() {
        return "UpstreamRegistry" + upstreams.keySet();
    }
}
