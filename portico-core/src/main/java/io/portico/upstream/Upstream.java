package io.portico.upstream;

import io.netty.channel.EventLoopGroup;
import io.portico.config.HashOnSpec;
import io.portico.config.HealthChecksSpec;
import io.portico.config.HostPort;
import io.portico.config.TargetSpec;
import io.portico.config.UpstreamSpec;
import io.portico.config.UpstreamSpec.Algorithm;
import io.portico.upstream.health.HealthListener;
import io.portico.upstream.health.TargetHealth;
import io.portico.upstream.lb.Balancer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A named pool of targets and the way requests are spread over them.
 *
 * <p>{@link #select} reads one volatile {@link Selection}: a balancer over the healthy primary targets and
 * one over the healthy backups, both immutable. Every health transition rebuilds it under this object's
 * monitor (transitions are rare; selections never wait for the monitor).
 */
public final class Upstream {

    private final String name;
    private final Algorithm algorithm;
    private final HashOnSpec hashOn;
    private final List<Target> targets;
    private final LongSupplier ticker;
    private volatile Selection selection;
    private volatile EventLoopGroup timers;

    /**
     * @param anyEjected      some target is ejected by passive checks
     * @param nextReturnNanos the earliest end of those ejections, when {@code anyEjected}
     */
    private record Selection(Balancer primary, Balancer backup, boolean anyEjected, long nextReturnNanos) {}

    /** An upstream of the given targets; {@code previous} (may be null) hands over the state of shared ones. */
    private Upstream(UpstreamSpec spec, Upstream previous, LongSupplier ticker, HealthListener listener) {
        this.name = spec.name();
        this.algorithm = spec.algorithm() == null ? Algorithm.ROUND_ROBIN : spec.algorithm();
        this.hashOn = spec.hashOn() == null ? HashOnSpec.IP : spec.hashOn();
        this.ticker = ticker;
        HealthChecksSpec checks = spec.healthChecks() == null ? HealthChecksSpec.NONE : spec.healthChecks();
        List<Target> built = new ArrayList<>(spec.targets().size());
        for (TargetSpec targetSpec : spec.targets()) {
            HostPort address = targetSpec.target();
            // this::rebuild escapes the constructor, but nothing reports a transition before create() returns.
            TargetHealth health = new TargetHealth(name, address, checks.active(), checks.passive(), ticker,
                    this::rebuild, listener);
            Target target = new Target(name, address, resolve(name, address), targetSpec.weight(),
                    targetSpec.backup(), health, new LatencyEwma(ticker));
            Target old = previous == null ? null : previous.target(address);
            if (old != null) {
                health.copyFrom(old.health());
                target.latency().copyFrom(old.latency());
            }
            built.add(target);
        }
        this.targets = List.copyOf(built);
        rebuild();
    }

    /**
     * An upstream of one target for a service URL with a plain {@code host:port}: no health checks, never
     * unhealthy. Resolves the host (blocking; call off the event loops).
     *
     * @throws IllegalArgumentException when the host cannot be resolved
     */
    public static Upstream direct(HostPort address) {
        UpstreamSpec spec = new UpstreamSpec(address.toString(), Algorithm.ROUND_ROBIN, HashOnSpec.IP,
                List.of(new TargetSpec(address, 1, false)), HealthChecksSpec.NONE);
        return new Upstream(spec, null, System::nanoTime, transition -> { });
    }

    /**
     * Compiles one upstream spec, resolving its hosts. Targets that {@code previous} also had (same address)
     * take over its health state and latency estimate.
     */
    static Upstream create(UpstreamSpec spec, Upstream previous, LongSupplier ticker, HealthListener listener) {
        return new Upstream(spec, previous, ticker, listener);
    }

    private static InetSocketAddress resolve(String upstream, HostPort address) {
        try {
            return new InetSocketAddress(InetAddress.getByName(address.host()), address.port());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("upstream " + upstream + ": target \"" + address
                    + "\": cannot resolve " + address.host() + " (expected: a resolvable host name or IP address)", e);
        }
    }

    public String name() {
        return name;
    }

    public Algorithm algorithm() {
        return algorithm;
    }

    /** Every target, primary and backup, healthy or not, in configuration order. */
    public List<Target> targets() {
        return targets;
    }

    /** The target with this address, or null. */
    public Target target(HostPort address) {
        for (Target target : targets) {
            if (target.address().equals(address)) {
                return target;
            }
        }
        return null;
    }

    /**
     * Picks the target for an attempt: a healthy primary target not in {@code tried}; when there is none, a
     * healthy backup target not in {@code tried}; else null (the proxy answers 503). Lock-free; called from
     * any event loop.
     */
    public Target select(BalancingContext context, TriedTargets tried) {
        Selection current = selection;
        if (current.anyEjected && ticker.getAsLong() - current.nextReturnNanos >= 0) {
            current = endDueEjections();
        }
        Target target = current.primary.select(context, tried);
        return target != null ? target : current.backup.select(context, tried);
    }

    /** Ends the ejections that are due and returns the selection that reflects it. */
    Selection endDueEjections() {
        long now = ticker.getAsLong();
        boolean ended = false;
        for (Target target : targets) {
            ended |= target.health().expireEjection(now);
        }
        if (!ended) {
            // Another thread ended them; its rebuild may still be running, so rebuild to be sure.
            rebuild();
        }
        return selection;
    }

    /** Recomputes the selection from the targets' current health. Runs after every health transition. */
    private void rebuild() {
        Selection next;
        synchronized (this) {
            List<Target> primaries = new ArrayList<>(targets.size());
            List<Target> backups = new ArrayList<>(0);
            boolean anyEjected = false;
            long nextReturn = 0;
            for (Target target : targets) {
                TargetHealth health = target.health();
                if (health.isEjected()) {
                    long until = health.ejectedUntilNanos();
                    nextReturn = !anyEjected || until - nextReturn < 0 ? until : nextReturn;
                    anyEjected = true;
                }
                if (target.isHealthy()) {
                    (target.backup() ? backups : primaries).add(target);
                }
            }
            next = new Selection(Balancer.create(algorithm, hashOn, primaries, ticker),
                    Balancer.create(algorithm, hashOn, backups, ticker), anyEjected, nextReturn);
            selection = next;
        }
        scheduleEjectionEnd(next);
    }

    /** Ejections end on a timer when the registry gives one, so that metrics see them without traffic. */
    void useTimers(EventLoopGroup group) {
        timers = group;
        if (group != null) {
            scheduleEjectionEnd(selection);
        }
    }

    private void scheduleEjectionEnd(Selection current) {
        EventLoopGroup group = timers;
        if (group == null || !current.anyEjected) {
            return;
        }
        long delay = Math.max(0, current.nextReturnNanos - ticker.getAsLong());
        try {
            group.schedule(this::onEjectionTimer, delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            timers = null; // the transport is shutting down
        }
    }

    private void onEjectionTimer() {
        if (timers == null) {
            return;
        }
        Selection current = selection;
        if (!current.anyEjected) {
            return;
        }
        if (ticker.getAsLong() - current.nextReturnNanos >= 0) {
            endDueEjections();
        } else {
            scheduleEjectionEnd(current); // woke early (or the ticker is not the system clock)
        }
    }

    @Override
    public String toString() {
        return "Upstream[" + name + ", " + algorithm.configName() + ", " + targets + "]";
    }
}
