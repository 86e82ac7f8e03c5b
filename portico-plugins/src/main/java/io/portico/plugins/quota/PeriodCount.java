package io.portico.plugins.quota;

import java.time.Instant;

/**
 * A consumer's count in one period, after a decision.
 *
 * @param used  the requests counted in the period (the current one included when it was allowed)
 * @param reset when the period ends
 */
record PeriodCount(Allowance allowance, long used, Instant reset) {

    long remaining() {
        return Math.max(0, allowance.limit() - used);
    }

    boolean exhausted() {
        return used >= allowance.limit();
    }
}
