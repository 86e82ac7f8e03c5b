package io.portico.plugins.ratelimiting;

/**
 * A limit's period. Windows are aligned to the Unix epoch, so every node (and Redis) agrees on where
 * a window starts; {@code month} is a 30-day window, not a calendar month.
 */
enum Period {
    SECOND("second", "Second", 1_000L),
    MINUTE("minute", "Minute", 60_000L),
    HOUR("hour", "Hour", 3_600_000L),
    DAY("day", "Day", 86_400_000L),
    MONTH("month", "Month", 30 * 86_400_000L);

    private final String key;
    private final String limitHeader;
    private final String remainingHeader;
    private final long millis;

    Period(String key, String headerSuffix, long millis) {
        this.key = key;
        this.limitHeader = "X-RateLimit-Limit-" + headerSuffix;
        this.remainingHeader = "X-RateLimit-Remaining-" + headerSuffix;
        this.millis = millis;
    }

    /** The config key, as Kong names it. */
    String key() {
        return key;
    }

    long millis() {
        return millis;
    }

    String limitHeader() {
        return limitHeader;
    }

    String remainingHeader() {
        return remainingHeader;
    }
}
