package io.portico.upstream;

import io.portico.config.RetrySpec;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Bounds the retries of one service so that retries cannot multiply the load during an outage. A retry is
 * allowed while the retries of the last 10 s are under {@code budgetPercent} % of the requests of the last
 * 10 s, or while the retries of the current second are under {@code minRetriesPerSecond} (so that a service
 * with little traffic can still retry).
 *
 * <p>Counts live in ten one-second buckets of striped counters ({@link LongAdder}): recording a request is one
 * uncontended add on any event loop. A bucket is reused when its second comes round again; an add racing with
 * that reset may be lost, and concurrent acquirers may overshoot the budget by a few: both are fine for a
 * budget.
 */
public final class RetryBudget {

    static final int WINDOW_SECONDS = 10;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int budgetPercent;
    private final int minRetriesPerSecond;
    private final LongSupplier ticker;
    private final Bucket[] buckets = new Bucket[WINDOW_SECONDS];

    private static final class Bucket {
        final AtomicLong second = new AtomicLong(Long.MIN_VALUE);
        final LongAdder requests = new LongAdder();
        final LongAdder retries = new LongAdder();
    }

    RetryBudget(int budgetPercent, int minRetriesPerSecond, LongSupplier ticker) {
        if (budgetPercent < 0) {
            throw new IllegalArgumentException("budget_percent: " + budgetPercent + " (expected: >= 0)");
        }
        if (minRetriesPerSecond < 0) {
            throw new IllegalArgumentException(
                    "min_retries_per_second: " + minRetriesPerSecond + " (expected: >= 0)");
        }
        this.budgetPercent = budgetPercent;
        this.minRetriesPerSecond = minRetriesPerSecond;
        this.ticker = ticker;
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new Bucket();
        }
    }

    public static RetryBudget create(RetrySpec spec) {
        return new RetryBudget(spec.budgetPercent(), spec.minRetriesPerSecond(), System::nanoTime);
    }

    /** Counts one client request (once per request, not per attempt). */
    public void recordRequest() {
        recordRequest(ticker.getAsLong());
    }

    /** {@link #recordRequest()} for a caller that already read {@link System#nanoTime()}: saves a clock read. */
    public void recordRequest(long nowNanos) {
        bucket(second(nowNanos)).requests.increment();
    }

    /** Takes one retry from the budget; false when the budget is spent (then do not retry). */
    public boolean tryAcquireRetry() {
        return tryAcquireRetry(ticker.getAsLong());
    }

    /** {@link #tryAcquireRetry()} at {@code nowNanos} ({@link System#nanoTime()}). */
    public boolean tryAcquireRetry(long nowNanos) {
        long now = second(nowNanos);
        Bucket current = bucket(now);
        long requests = 0;
        long retries = 0;
        for (Bucket bucket : buckets) {
            long second = bucket.second.get();
            if (second <= now && second > now - WINDOW_SECONDS) {
                requests += bucket.requests.sum();
                retries += bucket.retries.sum();
            }
        }
        boolean allowed = retries * 100 < requests * budgetPercent
                || current.retries.sum() < minRetriesPerSecond;
        if (allowed) {
            current.retries.increment();
        }
        return allowed;
    }

    private static long second(long nanos) {
        return Math.floorDiv(nanos, NANOS_PER_SECOND);
    }

    private Bucket bucket(long second) {
        Bucket bucket = buckets[(int) Math.floorMod(second, (long) WINDOW_SECONDS)];
        long seen = bucket.second.get();
        if (seen != second && seen < second && bucket.second.compareAndSet(seen, second)) {
            bucket.requests.reset();
            bucket.retries.reset();
        }
        return bucket;
    }

    @Override
    public String toString() {
        return "RetryBudget[" + budgetPercent + "%, min " + minRetriesPerSecond + "/s]";
    }
}
