package io.portico.plugins.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Calendar periods in UTC, whatever the JVM's time zone. */
class QuotaPeriodTest {

    @Test
    void aDayStartsAndResetsAtMidnightUtc() {
        Instant now = Instant.parse("2026-11-22T23:59:59.999Z");

        assertThat(QuotaPeriod.DAY.start(now)).isEqualTo(Instant.parse("2026-11-22T00:00:00Z"));
        assertThat(QuotaPeriod.DAY.reset(now)).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(QuotaPeriod.DAY.start(Instant.parse("2026-11-23T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
    }

    @Test
    void aMonthResetsOnTheFirstIncludingAcrossTheYearEnd() {
        assertThat(QuotaPeriod.MONTH.start(Instant.parse("2026-11-22T10:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(QuotaPeriod.MONTH.reset(Instant.parse("2026-12-31T23:59:59Z")))
                .isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(QuotaPeriod.MONTH.reset(Instant.parse("2026-01-31T12:00:00Z")))
                .isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
    }

    @Test
    void februaryHasTwentyNineDaysInALeapYear() {
        assertThat(QuotaPeriod.MONTH.reset(Instant.parse("2028-02-28T12:00:00Z")))
                .isEqualTo(Instant.parse("2028-03-01T00:00:00Z"));
        assertThat(QuotaPeriod.MONTH.start(Instant.parse("2028-02-29T23:00:00Z")))
                .isEqualTo(Instant.parse("2028-02-01T00:00:00Z"));
        assertThat(QuotaPeriod.DAY.reset(Instant.parse("2028-02-28T12:00:00Z")))
                .isEqualTo(Instant.parse("2028-02-29T00:00:00Z"));
        assertThat(QuotaPeriod.DAY.reset(Instant.parse("2027-02-28T12:00:00Z")))
                .isEqualTo(Instant.parse("2027-03-01T00:00:00Z"));
    }
}
