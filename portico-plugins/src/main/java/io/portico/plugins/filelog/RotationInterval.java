package io.portico.plugins.filelog;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** When a log file is rotated by time: never, at each full hour, at each midnight (UTC). */
enum RotationInterval {
    NONE("none", null),
    HOURLY("hourly", ChronoUnit.HOURS),
    DAILY("daily", ChronoUnit.DAYS);

    static final List<String> NAMES = List.of("none", "hourly", "daily");

    private final String configName;
    private final ChronoUnit unit;

    RotationInterval(String configName, ChronoUnit unit) {
        this.configName = configName;
        this.unit = unit;
    }

    static RotationInterval named(String name) {
        for (RotationInterval interval : values()) {
            if (interval.configName.equals(name)) {
                return interval;
            }
        }
        throw new IllegalArgumentException("interval: " + name + " (expected: one of " + NAMES + ")");
    }

    /** The first boundary after {@code now}, or null for {@link #NONE}. */
    Instant next(Instant now) {
        if (unit == null) {
            return null;
        }
        return now.truncatedTo(unit).plus(Duration.of(1, unit));
    }

    String configName() {
        return configName;
    }
}
