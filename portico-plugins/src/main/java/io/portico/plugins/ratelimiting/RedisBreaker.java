package io.portico.plugins.ratelimiting;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Stops asking a Redis that keeps failing: after {@link #FAILURES_TO_OPEN} failures in a row, requests
 * skip Redis for {@link #COOLDOWN_NANOS}; then one request at a time probes it, and the first success
 * closes the breaker. A dead Redis so costs a handful of requests one timeout each, not every request.
 */
final class RedisBreaker {

    static final int FAILURES_TO_OPEN = 3;
    static final long COOLDOWN_NANOS = 500_000_000L;

    private final LongSupplier nanoTime;
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicLong openUntilNanos = new AtomicLong();
    private final AtomicBoolean probing = new AtomicBoolean();

    RedisBreaker(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** True when this request may ask Redis; a probe must report its outcome. */
    boolean allowRequest() {
        if (failures.get() < FAILURES_TO_OPEN) {
            return true;
        }
        if (nanoTime.getAsLong() - openUntilNanos.get() < 0) {
            return false;
        }
        return probing.compareAndSet(false, true);
    }

    boolean isOpen() {
        return failures.get() >= FAILURES_TO_OPEN;
    }

    /** Returns true when this success closed an open breaker. */
    boolean succeeded() {
        probing.set(false);
        return failures.getAndSet(0) >= FAILURES_TO_OPEN;
    }

    /** Returns true when this failure opened the breaker (not when a probe failed again). */
    boolean failed() {
        int count = failures.incrementAndGet();
        if (count >= FAILURES_TO_OPEN) {
            openUntilNanos.set(nanoTime.getAsLong() + COOLDOWN_NANOS);
            probing.set(false);
        }
        return count == FAILURES_TO_OPEN;
    }
}
