package io.portico.upstream;

import io.portico.config.HostPort;
import io.portico.upstream.health.TargetHealth;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One instance of an upstream: where to connect, its weight, whether it is a backup, its health and load.
 *
 * <p>The proxy calls {@link #attemptStarted()} when it starts an attempt on this target and
 * {@link #attemptFinished} exactly once when that attempt ends, from any event loop; both are lock-free.
 */
public final class Target {

    private final String upstreamName;
    private final HostPort address;
    private final InetSocketAddress socketAddress;
    private final int weight;
    private final boolean backup;
    private final TargetHealth health;
    private final LatencyEwma latency;
    // Inline rather than an AtomicInteger: least-connections reads it with weight, one cache line per target.
    private static final AtomicIntegerFieldUpdater<Target> ACTIVE =
            AtomicIntegerFieldUpdater.newUpdater(Target.class, "activeRequests");
    private volatile int activeRequests;

    Target(String upstreamName, HostPort address, InetSocketAddress socketAddress, int weight, boolean backup,
            TargetHealth health, LatencyEwma latency) {
        this.upstreamName = upstreamName;
        this.address = address;
        this.socketAddress = socketAddress;
        this.weight = weight;
        this.backup = backup;
        this.health = health;
        this.latency = latency;
    }

    /** The address as configured ({@code host:port}); its text is the target's name in logs and metrics. */
    public HostPort address() {
        return address;
    }

    /** The address to connect to, resolved when the registry was created. */
    public InetSocketAddress socketAddress() {
        return socketAddress;
    }

    /** Relative share of traffic; 0 means the target receives none. */
    public int weight() {
        return weight;
    }

    /** True when the target is used only while no primary target is healthy. */
    public boolean backup() {
        return backup;
    }

    public String upstreamName() {
        return upstreamName;
    }

    /** False while active checks find the target unhealthy or passive checks have ejected it. */
    public boolean isHealthy() {
        return health.isHealthy();
    }

    /** The health state machine behind {@link #isHealthy()} (counters, ejection), for admin and metrics. */
    public TargetHealth health() {
        return health;
    }

    /** Attempts started and not yet finished. */
    public int activeRequests() {
        return activeRequests;
    }

    /** The latency estimate that p2c-ewma weighs (peak EWMA, decayed while idle), in nanoseconds. */
    public double latencyEwmaNanos() {
        return latency.valueNanos();
    }

    /** {@link #latencyEwmaNanos()} at {@code nowNanos} (on the upstream's clock), saving a clock read. */
    public double latencyEwmaNanos(long nowNanos) {
        return latency.valueNanos(nowNanos);
    }

    /** The proxy starts an attempt on this target. */
    public void attemptStarted() {
        ACTIVE.incrementAndGet(this);
    }

    /**
     * The attempt started with {@link #attemptStarted()} ended. A failure without a response is recorded in
     * the latency estimate as at least twice the current estimate, so p2c-ewma backs off a failing target
     * even when it fails fast.
     *
     * @param latencyNanos time from the start of the attempt to its response headers (or to the failure)
     */
    public void attemptFinished(AttemptOutcome outcome, long latencyNanos) {
        ACTIVE.decrementAndGet(this);
        double sample = latencyNanos;
        if (outcome instanceof AttemptOutcome.Failure) {
            sample = Math.max(sample, 2.0 * latency.valueNanos());
        }
        latency.observe(sample);
        health.recordAttempt(outcome);
    }

    /**
     * The attempt started with {@link #attemptStarted()} was abandoned because the client went away: the
     * target is neither blamed nor credited, only its active count goes down.
     */
    public void attemptCancelled() {
        ACTIVE.decrementAndGet(this);
    }

    LatencyEwma latency() {
        return latency;
    }

    @Override
    public String toString() {
        return address + (backup ? " (backup)" : "");
    }
}
