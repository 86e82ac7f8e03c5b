package io.portico.upstream.breaker;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Calls and failures of the last {@code seconds} seconds, one bucket per second, lock-free. A bucket is
 * replaced (compare-and-set) by a fresh one when its slot comes round to a new second, so a count is never
 * added to a second it does not belong to.
 */
final class SlidingWindow {

    private static final long ONE_CALL = 1L << 32;
    private static final long FAILURES_MASK = ONE_CALL - 1;

    private final AtomicReferenceArray<Bucket> buckets;

    SlidingWindow(int seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("seconds: " + seconds + " (expected: > 0)");
        }
        buckets = new AtomicReferenceArray<>(seconds);
    }

    void record(long second, boolean failure) {
        bucket(second).counts.addAndGet(failure ? ONE_CALL + 1 : ONE_CALL);
    }

    /** The totals of the seconds {@code (second - seconds, second]}. */
    Totals totals(long second) {
        long calls = 0;
        long failures = 0;
        long oldest = second - buckets.length() + 1;
        for (int i = 0; i < buckets.length(); i++) {
            Bucket bucket = buckets.get(i);
            if (bucket != null && bucket.second >= oldest && bucket.second <= second) {
                long counts = bucket.counts.get();
                calls += counts >>> 32;
                failures += counts & FAILURES_MASK;
            }
        }
        return new Totals(calls, failures);
    }

    private Bucket bucket(long second) {
        int index = (int) Math.floorMod(second, (long) buckets.length());
        while (true) {
            Bucket current = buckets.get(index);
            if (current != null && current.second >= second) {
                // The current second, or (a caller that read the clock just before a tick) a newer one.
                return current;
            }
            Bucket fresh = new Bucket(second);
            if (buckets.compareAndSet(index, current, fresh)) {
                return fresh;
            }
        }
    }

    record Totals(long calls, long failures) {}

    /** Calls in the high 32 bits, failures in the low 32: one atomic add records both. */
    private static final class Bucket {
        final long second;
        final AtomicLong counts = new AtomicLong();

        Bucket(long second) {
            this.second = second;
        }
    }
}
