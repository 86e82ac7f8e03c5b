package io.portico.plugins.redis;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stops asking a Redis that keeps failing: after {@link #FAILURES_TO_OPEN} failures in a row the
 * breaker opens and requests skip Redis altogether. No request probes it: {@link RedisStore} pings
 * Redis in the background every {@link #PROBE_INTERVAL_MILLIS} and closes the breaker when it answers.
 * A dead or hung Redis so costs a timeout to the few requests that open the breaker, and nothing more.
 */
final class RedisBreaker {

    static final int FAILURES_TO_OPEN = 3;
    static final long PROBE_INTERVAL_MILLIS = 250;

    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicBoolean open = new AtomicBoolean();

    /** True when requests may ask Redis. */
    boolean allowRequest() {
        return !open.get();
    }

    void succeeded() {
        failures.set(0);
    }

    /** Returns true when this failure opened the breaker: the caller then starts probing. */
    boolean failed() {
        return failures.incrementAndGet() >= FAILURES_TO_OPEN && open.compareAndSet(false, true);
    }

    /** A probe succeeded: requests ask Redis again. */
    void close() {
        failures.set(0);
        open.set(false);
    }
}
