package io.portico.upstream.breaker;

import io.portico.config.CircuitBreakerSpec;
import io.portico.plugin.Quantities;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit breaker of one service. Closed: every request passes, and the outcomes fill a sliding window;
 * when the window holds at least {@code minimum_calls} and failures reach {@code failure_rate} of them, it
 * opens. Open: every request is refused at once, for {@code open_for}. Then half-open: up to
 * {@code half_open_calls} trial requests pass and the others are refused; when that many trials have
 * succeeded it closes (with an empty window), and any failed trial opens it again.
 *
 * <p>Each request that passes holds a {@link Permit} and ends it exactly once: {@link #record} with its
 * outcome, or {@link #release} when it ended without one (the client went away, or no target was left).
 * Thread-safe and lock-free; see the package docs.
 */
public final class CircuitBreaker {

    private static final Logger log = LoggerFactory.getLogger(CircuitBreaker.class);
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    public enum State { CLOSED, OPEN, HALF_OPEN }

    /** The transitions, each counted. */
    public enum Transition {
        /** closed → open: the failure rate reached the threshold */
        OPENED,
        /** open → half-open: {@code open_for} elapsed and a request came */
        HALF_OPENED,
        /** half-open → open: a trial failed */
        REOPENED,
        /** half-open → closed: every trial succeeded */
        CLOSED
    }

    /** A request's permission to call the service; ended once with {@link #record} or {@link #release}. */
    public sealed interface Permit permits Closed, HalfOpen {}

    private final String serviceName;
    private final CircuitBreakerSpec spec;
    private final LongSupplier nanoTicker;
    private final int windowSeconds;
    private final long openForNanos;
    private final AtomicReference<Object> phase;
    private final Map<Transition, LongAdder> transitions = new EnumMap<>(Transition.class);
    private final LongAdder rejected = new LongAdder();

    private CircuitBreaker(String serviceName, CircuitBreakerSpec spec, LongSupplier nanoTicker) {
        this.serviceName = serviceName;
        this.spec = spec;
        this.nanoTicker = nanoTicker;
        this.windowSeconds = (int) spec.window().toSeconds();
        this.openForNanos = spec.openFor().toNanos();
        for (Transition transition : Transition.values()) {
            transitions.put(transition, new LongAdder());
        }
        this.phase = new AtomicReference<>(new Closed(windowSeconds));
    }

    /**
     * The breaker for a service in a new configuration.
     *
     * @param previous the same service's breaker in the configuration being replaced, or null: when its spec
     *                 is the same it is kept as it is (state and counters); otherwise the new one starts closed
     */
    public static CircuitBreaker create(String serviceName, CircuitBreakerSpec spec, CircuitBreaker previous) {
        return create(serviceName, spec, previous, System::nanoTime);
    }

    static CircuitBreaker create(String serviceName, CircuitBreakerSpec spec, CircuitBreaker previous,
            LongSupplier nanoTicker) {
        if (previous != null && previous.spec.equals(spec) && previous.serviceName.equals(serviceName)) {
            return previous;
        }
        return new CircuitBreaker(serviceName, spec, nanoTicker);
    }

    public CircuitBreakerSpec spec() {
        return spec;
    }

    /**
     * Lets a request through (a permit to end later) or refuses it (null: answer without calling the
     * service). Never blocks; allocates only on a transition.
     */
    public Permit tryAcquire() {
        while (true) {
            Object current = phase.get();
            if (current instanceof Closed closed) {
                return closed;
            }
            if (current instanceof HalfOpen halfOpen) {
                if (halfOpen.tryAdmit(spec.halfOpenCalls())) {
                    return halfOpen;
                }
                rejected.increment();
                return null;
            }
            Open open = (Open) current;
            if (nanoTicker.getAsLong() - open.untilNanos < 0) {
                rejected.increment();
                return null;
            }
            if (phase.compareAndSet(open, new HalfOpen())) {
                transitions.get(Transition.HALF_OPENED).increment();
                log.info("circuit breaker of service {} is half-open: letting {} trial requests through",
                        serviceName, spec.halfOpenCalls());
            }
        }
    }

    /** Ends a permit with the request's outcome. A permit of a phase that has ended is ignored. */
    public void record(Permit permit, boolean failure) {
        if (phase.get() != permit) {
            return;
        }
        long now = nanoTicker.getAsLong();
        if (permit instanceof Closed closed) {
            long second = Math.floorDiv(now, NANOS_PER_SECOND);
            closed.window.record(second, failure);
            if (failure) {
                tripIfOverThreshold(closed, second, now);
            }
            return;
        }
        HalfOpen halfOpen = (HalfOpen) permit;
        if (failure) {
            if (phase.compareAndSet(halfOpen, new Open(now + openForNanos))) {
                transitions.get(Transition.REOPENED).increment();
                log.warn("circuit breaker of service {} opened again: a trial request failed; open for {}",
                        serviceName, Quantities.format(spec.openFor()));
            }
        } else if (halfOpen.succeeded.incrementAndGet() >= spec.halfOpenCalls()
                && phase.compareAndSet(halfOpen, new Closed(windowSeconds))) {
            transitions.get(Transition.CLOSED).increment();
            log.info("circuit breaker of service {} closed: {} trial requests succeeded", serviceName,
                    spec.halfOpenCalls());
        }
    }

    /** Ends a permit without an outcome: a half-open trial slot becomes free for another request. */
    public void release(Permit permit) {
        if (permit instanceof HalfOpen halfOpen && phase.get() == halfOpen) {
            halfOpen.admitted.decrementAndGet();
        }
    }

    private void tripIfOverThreshold(Closed closed, long second, long now) {
        SlidingWindow.Totals totals = closed.window.totals(second);
        if (totals.calls() < spec.minimumCalls() || totals.failures() * 100 < totals.calls() * spec.failureRatePercent()) {
            return;
        }
        if (phase.compareAndSet(closed, new Open(now + openForNanos))) {
            transitions.get(Transition.OPENED).increment();
            log.warn("circuit breaker of service {} opened: {} of {} requests failed in the last {}s "
                            + "(threshold {}%); open for {}", serviceName, totals.failures(), totals.calls(),
                    windowSeconds, spec.failureRatePercent(), Quantities.format(spec.openFor()));
        }
    }

    public State state() {
        Object current = phase.get();
        return current instanceof Closed ? State.CLOSED : current instanceof Open ? State.OPEN : State.HALF_OPEN;
    }

    /** Whole seconds until the breaker lets a trial through (at least 1): the Retry-After of a refusal. */
    public long retryAfterSeconds() {
        if (phase.get() instanceof Open open) {
            long remaining = open.untilNanos - nanoTicker.getAsLong();
            return Math.max(1, (remaining + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
        }
        return 1;
    }

    /** How many times this transition happened since the breaker was created. */
    public long transitions(Transition kind) {
        return transitions.get(kind).sum();
    }

    /** Requests refused while open or half-open. */
    public long rejected() {
        return rejected.sum();
    }

    @Override
    public String toString() {
        return "CircuitBreaker[" + serviceName + ", " + state() + "]";
    }

    /** Closed: the window of this closed period; a new period starts with an empty one. */
    static final class Closed implements Permit {
        final SlidingWindow window;

        Closed(int windowSeconds) {
            window = new SlidingWindow(windowSeconds);
        }
    }

    private record Open(long untilNanos) {}

    /** Half-open: trials let through (a released one frees its slot) and trials that succeeded. */
    static final class HalfOpen implements Permit {
        final AtomicInteger admitted = new AtomicInteger();
        final AtomicInteger succeeded = new AtomicInteger();

        boolean tryAdmit(int limit) {
            while (true) {
                int current = admitted.get();
                if (current >= limit) {
                    return false;
                }
                if (admitted.compareAndSet(current, current + 1)) {
                    return true;
                }
            }
        }
    }
}
