package io.portico.plugins.opentelemetry;

import java.time.Duration;

/**
 * How often, and how patiently, a batch is sent again after a transient failure (429, 502, 503, 504,
 * or no answer): the delay doubles from {@code firstBackoff} up to {@code maxBackoff}; a collector's
 * {@code Retry-After} replaces it, up to {@code maxBackoff}.
 *
 * @param maxAttempts every try, the first included
 */
record RetryPolicy(int maxAttempts, Duration firstBackoff, Duration maxBackoff) {

    /** Four tries over about two seconds: a collector restart is ridden out, a dead one costs little. */
    static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(250), Duration.ofSeconds(5));

    RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts: " + maxAttempts + " (expected: >= 1)");
        }
    }

    /** The pause after failed try {@code attempt} (1 for the first); {@code retryAfter} is null when not given. */
    Duration backoff(int attempt, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(maxBackoff) > 0 ? maxBackoff : retryAfter;
        }
        Duration delay = firstBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }
}
