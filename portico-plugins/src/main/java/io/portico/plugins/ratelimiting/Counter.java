package io.portico.plugins.ratelimiting;

/**
 * One limit's count for one identity, in this process. Lock-free: every change is a compare-and-set
 * of an immutable state, so concurrent requests never push it past the limit.
 */
sealed interface Counter permits WindowCounter, BucketCounter {

    /** Counts one request if the limit allows it; returns the usage as it was before. */
    PeriodUsage acquire(Limit limit, long nowMillis);

    /** The usage now, counting nothing. */
    PeriodUsage peek(Limit limit, long nowMillis);

    /** Gives back a request {@link #acquire} counted at {@code acquiredAtMillis} (another limit refused it). */
    void release(Limit limit, long acquiredAtMillis);
}
