package io.portico.plugins.httplog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    private static final long MS = 1_000_000L;
    private final RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(100).toNanos(), Duration.ofSeconds(30).toNanos());

    @Test
    void doublesFromTheInitialDelayWithJitterInTheUpperHalf() {
        assertThat(backoff.delayNanos(1, 0.0)).isEqualTo(50 * MS);
        assertThat(backoff.delayNanos(1, 0.999_999)).isBetween(99 * MS, 100 * MS);
        assertThat(backoff.delayNanos(2, 0.0)).isEqualTo(100 * MS);
        assertThat(backoff.delayNanos(3, 0.5)).isEqualTo(300 * MS);
        assertThat(backoff.delayNanos(9, 0.0)).isEqualTo(12_800 * MS);
    }

    @Test
    void neverExceedsTheMaximum() {
        assertThat(backoff.delayNanos(10, 0.999_999)).isBetween(29_999 * MS, 30_000 * MS);
        assertThat(backoff.delayNanos(10, 0.0)).isEqualTo(15_000 * MS);
        assertThat(backoff.delayNanos(1_000, 0.0)).isEqualTo(15_000 * MS);
        assertThat(new RetryBackoff(Long.MAX_VALUE / 3, Long.MAX_VALUE).delayNanos(64, 0.0)).isPositive();
    }

    @Test
    void jitterSpreadsRetriesOfOneStep() {
        assertThat(backoff.delayNanos(4, 0.1)).isNotEqualTo(backoff.delayNanos(4, 0.9));
    }
}
