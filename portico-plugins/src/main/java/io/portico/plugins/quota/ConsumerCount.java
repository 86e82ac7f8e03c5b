package io.portico.plugins.quota;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One consumer's counts under one configured quota, a count per period. Deciding checks every
 * allowance and counts the request in all of them only when all allow it, under the object's lock:
 * the work inside is a few comparisons, so event loops never wait for long.
 */
final class ConsumerCount {

    private static final QuotaPeriod[] PERIODS = QuotaPeriod.values();

    /** By period ordinal: the start (epoch millis) of the period {@link #used} counts. */
    private final long[] periodStarts = new long[PERIODS.length];
    private final long[] used = new long[PERIODS.length];

    synchronized QuotaDecision decide(List<Allowance> allowances, Instant now) {
        boolean allowed = true;
        for (Allowance allowance : allowances) {
            if (current(allowance.period(), now) >= allowance.limit()) {
                allowed = false;
            }
        }
        List<PeriodCount> counts = new ArrayList<>(allowances.size());
        for (Allowance allowance : allowances) {
            int index = allowance.period().ordinal();
            if (allowed) {
                used[index]++;
            }
            counts.add(new PeriodCount(allowance, used[index], allowance.period().reset(now)));
        }
        return new QuotaDecision(allowed, counts);
    }

    /** The counts as they stand, without counting anything. */
    synchronized List<PeriodCount> peek(List<Allowance> allowances, Instant now) {
        List<PeriodCount> counts = new ArrayList<>(allowances.size());
        for (Allowance allowance : allowances) {
            counts.add(new PeriodCount(allowance, current(allowance.period(), now), allowance.period().reset(now)));
        }
        return counts;
    }

    /** The count of the period containing {@code now}, starting it afresh when a new period has begun. */
    private long current(QuotaPeriod period, Instant now) {
        int index = period.ordinal();
        long start = period.start(now).toEpochMilli();
        if (periodStarts[index] != start) {
            periodStarts[index] = start;
            used[index] = 0;
        }
        return used[index];
    }
}
