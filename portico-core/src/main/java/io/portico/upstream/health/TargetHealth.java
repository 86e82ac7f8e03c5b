package io.portico.upstream.health;

import io.portico.config.ActiveHealthCheckSpec;
import io.portico.config.FailureConditions;
import io.portico.config.HostPort;
import io.portico.config.PassiveHealthCheckSpec;
import io.portico.upstream.AttemptOutcome;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health of one target: healthy unless active checks declared it unhealthy or passive checks ejected it.
 * Targets start healthy.
 *
 * <p>Active: {@code unhealthy_after} consecutive failed checks take the target out; {@code healthy_after}
 * consecutive successes bring it back. Passive: {@code unhealthy_after} consecutive attempts whose outcome
 * matches {@code on} eject it for {@code eject_for}; any other outcome resets the count. The end of an
 * ejection is applied by {@link #expireEjection}, which the owning upstream calls from a timer and lazily
 * from selection.
 *
 * <p>Each transition is logged once and reported to {@code onChange} (always) and to {@code listener} (when
 * the overall health flips), both outside this object's monitor.
 */
public final class TargetHealth {

    private static final Logger log = LoggerFactory.getLogger(TargetHealth.class);

    private final String upstream;
    private final HostPort target;
    private final ActiveHealthCheckSpec active;
    private final PassiveHealthCheckSpec passive;
    private final boolean[] passiveStatusFails;
    private final long ejectForNanos;
    private final LongSupplier ticker;
    private final Runnable onChange;
    private final HealthListener listener;

    // Active state: written by the target's probe (one event loop) and by transitions under the monitor.
    private volatile boolean activeHealthy = true;
    private volatile int activeSuccesses;
    private volatile int activeFailures;

    private final AtomicInteger passiveFailures = new AtomicInteger();
    // Written under the monitor only.
    private volatile boolean ejected;
    private volatile long ejectedUntilNanos;

    /**
     * @param active   null when active checks are off
     * @param passive  null when passive checks are off
     * @param onChange called after every transition (the upstream rebuilds its balancers)
     * @param listener called when the overall health flips
     */
    public TargetHealth(String upstream, HostPort target, ActiveHealthCheckSpec active,
            PassiveHealthCheckSpec passive, LongSupplier ticker, Runnable onChange, HealthListener listener) {
        this.upstream = upstream;
        this.target = target;
        this.active = active;
        this.passive = passive;
        this.ticker = ticker;
        this.onChange = onChange;
        this.listener = listener;
        this.passiveStatusFails = passive == null ? new boolean[0] : failingStatuses(passive.on());
        this.ejectForNanos = passive == null ? 0 : passive.ejectFor().toNanos();
    }

    // FailureConditions holds boxed statuses; a flat table keeps the per-attempt check allocation-free.
    private static boolean[] failingStatuses(FailureConditions on) {
        boolean[] fails = new boolean[600];
        for (int status = 100; status < fails.length; status++) {
            fails[status] = on.matchesStatus(status);
        }
        return fails;
    }

    public boolean isHealthy() {
        return activeHealthy && !ejected;
    }

    /** False while consecutive active-check failures hold the target out. */
    public boolean isActiveHealthy() {
        return activeHealthy;
    }

    public boolean isEjected() {
        return ejected;
    }

    /** When the current ejection ends, on the ticker's scale; meaningful only while {@link #isEjected()}. */
    public long ejectedUntilNanos() {
        return ejectedUntilNanos;
    }

    /** Consecutive failed attempts counted towards passive ejection. */
    public int passiveFailures() {
        return passiveFailures.get();
    }

    /** Consecutive failed active checks while healthy. */
    public int activeFailures() {
        return activeFailures;
    }

    /** Consecutive successful active checks while unhealthy. */
    public int activeSuccesses() {
        return activeSuccesses;
    }

    public boolean hasActiveChecks() {
        return active != null;
    }

    public boolean hasPassiveChecks() {
        return passive != null;
    }

    /**
     * Records one active check. Called by the target's probe, on its event loop.
     *
     * @param detail what happened, e.g. {@code "status 503"} or {@code "timed out after 1000ms"}
     */
    public void recordActiveCheck(boolean success, String detail) {
        if (active == null) {
            return;
        }
        if (success) {
            activeFailures = 0;
            if (!activeHealthy) {
                int successes = activeSuccesses + 1;
                activeSuccesses = successes;
                if (successes >= active.healthyAfter()) {
                    activeTransition(true, successes + " successful active checks");
                }
            }
        } else {
            activeSuccesses = 0;
            if (activeHealthy) {
                int failures = activeFailures + 1;
                activeFailures = failures;
                if (failures >= active.unhealthyAfter()) {
                    activeTransition(false, failures + " failed active checks; last: " + detail);
                }
            }
        }
    }

    private void activeTransition(boolean healthy, String reason) {
        boolean before;
        boolean after;
        synchronized (this) {
            if (activeHealthy == healthy) {
                return;
            }
            before = isHealthy();
            activeHealthy = healthy;
            activeSuccesses = 0;
            activeFailures = 0;
            after = isHealthy();
        }
        String suffix = healthy && !after ? ", but passive checks keep it ejected" : "";
        report(before, after, reason + suffix);
    }

    /** Records the outcome of a proxied attempt. Called from any event loop; lock-free unless it ejects. */
    public void recordAttempt(AttemptOutcome outcome) {
        if (passive == null) {
            return;
        }
        if (fails(outcome)) {
            int failures = passiveFailures.incrementAndGet();
            if (failures >= passive.unhealthyAfter() && !ejected) {
                eject(failures, outcome);
            }
        } else if (passiveFailures.get() != 0) {
            // Read first: a plain success path then only reads the shared counter's cache line.
            passiveFailures.set(0);
        }
    }

    private boolean fails(AttemptOutcome outcome) {
        if (outcome instanceof AttemptOutcome.Response response) {
            return passiveStatusFails[response.status()];
        }
        return outcome.matches(passive.on());
    }

    private void eject(int failures, AttemptOutcome last) {
        boolean before;
        boolean after;
        synchronized (this) {
            if (ejected) {
                return;
            }
            before = isHealthy();
            ejectedUntilNanos = ticker.getAsLong() + ejectForNanos;
            ejected = true;
            passiveFailures.set(0);
            after = isHealthy();
        }
        String reason = failures + (failures == 1 ? " failed request" : " failed requests") + "; last: "
                + describe(last) + "; ejected for " + format(passive.ejectFor());
        report(before, after, reason);
    }

    /**
     * Ends the ejection if it is due at {@code nowNanos}.
     *
     * @return true when this call ended an ejection
     */
    public boolean expireEjection(long nowNanos) {
        if (!ejected || nowNanos - ejectedUntilNanos < 0) {
            return false;
        }
        boolean before;
        boolean after;
        synchronized (this) {
            if (!ejected || nowNanos - ejectedUntilNanos < 0) {
                return false;
            }
            before = isHealthy();
            ejected = false;
            passiveFailures.set(0);
            after = isHealthy();
        }
        String reason = "ejection of " + format(passive.ejectFor()) + " ended"
                + (after ? "" : ", but active checks still fail");
        report(before, after, reason);
        return true;
    }

    /**
     * Takes over the state of the same target in the registry being replaced. Active state is kept only when
     * active checks are still configured, ejection only when passive checks are, so that removing a check
     * from the configuration can never leave a target out of rotation. Called before this target is in use.
     */
    public void copyFrom(TargetHealth previous) {
        synchronized (this) {
            if (active != null && previous.active != null) {
                activeHealthy = previous.activeHealthy;
                activeSuccesses = previous.activeSuccesses;
                activeFailures = previous.activeFailures;
            }
            if (passive != null && previous.passive != null) {
                passiveFailures.set(previous.passiveFailures.get());
                ejectedUntilNanos = previous.ejectedUntilNanos;
                ejected = previous.ejected;
            }
        }
    }

    /** Logs a transition once, rebuilds the upstream, and tells the listener when the overall health flipped. */
    private void report(boolean before, boolean after, String reason) {
        if (before == after) {
            log.info("target {} of upstream {} is still {} ({})", target, upstream,
                    after ? "healthy" : "unhealthy", reason);
        } else if (after) {
            log.info("target {} of upstream {} is now healthy ({})", target, upstream, reason);
        } else {
            log.warn("target {} of upstream {} is now unhealthy ({})", target, upstream, reason);
        }
        onChange.run();
        if (before != after) {
            listener.healthChanged(new HealthTransition(upstream, target, after, reason));
        }
    }

    private static String describe(AttemptOutcome outcome) {
        if (outcome instanceof AttemptOutcome.Response response) {
            return "status " + response.status();
        }
        return switch ((AttemptOutcome.Failure) outcome) {
            case CONNECT_FAILURE -> "connect-failure";
            case TIMEOUT -> "timeout";
            case RESET -> "reset";
        };
    }

    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        return seconds % 60 == 0 && seconds > 0 ? seconds / 60 + "m" : seconds + "s";
    }

    @Override
    public String toString() {
        return target + (isHealthy() ? " healthy" : " unhealthy") + (ejected ? " (ejected)" : "");
    }
}
