package io.portico.plugins.tutorial;

import io.portico.plugin.Action;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.Plugin;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;

/**
 * Answers 503 while a maintenance window is open. Immutable, so one instance serves every event loop;
 * the rewrite phase only reads the clock, so it never blocks.
 */
final class MaintenanceWindowPlugin implements Plugin {

    private final MaintenanceWindowConfig config;
    private final Clock clock;

    MaintenanceWindowPlugin(MaintenanceWindowConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public Action rewrite(HttpExchange exchange) {
        Duration left = timeLeft(ZonedDateTime.now(clock.withZone(config.timeZone())));
        if (left == null) {
            return Action.proceed();
        }
        // Retry-After in whole seconds, rounded up so that a client never comes back before the end.
        long seconds = (left.toMillis() + 999) / 1000;
        return Action.error(503, "maintenance", config.message()).withHeader("Retry-After", Long.toString(seconds));
    }

    /** How long the window that contains {@code now} stays open, or null when none does. */
    Duration timeLeft(ZonedDateTime now) {
        // A window that crosses midnight opened yesterday: look at yesterday's and today's.
        LocalDate today = now.toLocalDate();
        for (LocalDate opened : new LocalDate[] {today.minusDays(1), today}) {
            if (!config.days().contains(opened.getDayOfWeek())) {
                continue;
            }
            ZonedDateTime start = opened.atTime(config.start()).atZone(config.timeZone());
            LocalDate closes = config.end().isAfter(config.start()) ? opened : opened.plusDays(1);
            ZonedDateTime end = closes.atTime(config.end()).atZone(config.timeZone());
            if (!now.isBefore(start) && now.isBefore(end)) {
                return Duration.between(now, end);
            }
        }
        return null;
    }
}
