package io.portico.plugins.quota;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** A calendar period in UTC: a day starts at 00:00Z, a month on the 1st at 00:00Z. */
enum QuotaPeriod {
    DAY("day", "Day"),
    MONTH("month", "Month");

    private final String key;
    private final String limitHeader;
    private final String remainingHeader;
    private final String resetHeader;

    QuotaPeriod(String key, String headerSuffix) {
        this.key = key;
        this.limitHeader = "X-Quota-Limit-" + headerSuffix;
        this.remainingHeader = "X-Quota-Remaining-" + headerSuffix;
        this.resetHeader = "X-Quota-Reset-" + headerSuffix;
    }

    /** The config key and the name in usage reports. */
    String key() {
        return key;
    }

    String limitHeader() {
        return limitHeader;
    }

    String remainingHeader() {
        return remainingHeader;
    }

    String resetHeader() {
        return resetHeader;
    }

    /** The start of the period that contains {@code now}. */
    Instant start(Instant now) {
        return switch (this) {
            case DAY -> now.truncatedTo(ChronoUnit.DAYS);
            case MONTH -> LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        };
    }

    /** When the period that contains {@code now} ends and the next one starts (its count resets). */
    Instant reset(Instant now) {
        Instant start = start(now);
        return switch (this) {
            case DAY -> start.plus(1, ChronoUnit.DAYS);
            case MONTH -> start.atOffset(ZoneOffset.UTC).plusMonths(1).toInstant();
        };
    }
}
