package io.portico.plugins.quota;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Whether a request is within every allowance, and the counts to report.
 *
 * @param counts one per allowance, in the config's order (day before month)
 */
record QuotaDecision(boolean allowed, List<PeriodCount> counts) {

    QuotaDecision {
        counts = List.copyOf(counts);
    }

    /**
     * Whole seconds (rounded up, at least 1) until every exhausted period has reset: only then would
     * the request be allowed.
     */
    long retryAfterSeconds(Instant now) {
        Instant latest = now;
        for (PeriodCount count : counts) {
            if (count.exhausted() && count.reset().isAfter(latest)) {
                latest = count.reset();
            }
        }
        long millis = Duration.between(now, latest).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }
}
