package io.portico.plugins.tutorial;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;

/**
 * The {@code config:} of {@code maintenance-window}, as read by {@link MaintenanceWindowPluginType#readConfig}.
 *
 * @param start    when the window opens, local time in {@code timeZone}
 * @param end      when it closes; at or before {@code start} means the next day
 * @param days     the days on which the window opens
 * @param timeZone the zone of {@code start} and {@code end}
 * @param message  the {@code message} of the 503 error document
 */
record MaintenanceWindowConfig(LocalTime start, LocalTime end, Set<DayOfWeek> days, ZoneId timeZone, String message) {

    MaintenanceWindowConfig {
        days = Set.copyOf(days);
    }
}
