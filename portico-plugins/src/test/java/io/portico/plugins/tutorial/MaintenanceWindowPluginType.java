package io.portico.plugins.tutorial;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginType;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code maintenance-window}: during a daily time window, answers every request with 503 and
 * {@code Retry-After} instead of proxying it.
 */
public final class MaintenanceWindowPluginType implements PluginType<MaintenanceWindowConfig> {

    static final String TIME_RULE = "a time of day as HH:MM";
    static final String DAY_RULE = "one of mon, tue, wed, thu, fri, sat, sun";
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
    private static final List<String> DAY_NAMES = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    @Override
    public String name() {
        return "maintenance-window";
    }

    @Override
    public Set<Phase> phases() {
        // Before authentication: during maintenance a client learns that, not that its key is missing.
        return Set.of(Phase.REWRITE);
    }

    @Override
    public int priority() {
        // After correlation-id (100001), so that the 503 carries the request id; before bot-detection and cors.
        return 3000;
    }

    @Override
    public MaintenanceWindowConfig readConfig(ConfigReader config) {
        // Every key is read, whatever happens to the others: each read reports its own problem.
        LocalTime start = time(config, "start");
        LocalTime end = time(config, "end");
        Set<DayOfWeek> days = days(config);
        ZoneId timeZone = timeZone(config);
        String message = config.string("message", "the service is down for maintenance");
        if (start != null && start.equals(end)) {
            config.expected("end", "a time other than start");
        }
        return new MaintenanceWindowConfig(start, end, days, timeZone, message);
    }

    @Override
    public Plugin create(MaintenanceWindowConfig config, PluginContext context) {
        return new MaintenanceWindowPlugin(config, context.clock());
    }

    private static LocalTime time(ConfigReader config, String key) {
        String text = config.requiredString(key, TIME_RULE);
        if (text == null) {
            return null;
        }
        try {
            return LocalTime.parse(text, HH_MM);
        } catch (DateTimeParseException e) {
            config.expected(key, TIME_RULE);
            return null;
        }
    }

    private static Set<DayOfWeek> days(ConfigReader config) {
        List<String> names = config.strings("days", DAY_NAMES);
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (int i = 0; i < names.size(); i++) {
            int day = DAY_NAMES.indexOf(names.get(i).toLowerCase(Locale.ROOT));
            if (day < 0) {
                config.problem("days[" + i + "]", "\"" + names.get(i) + "\" (expected: " + DAY_RULE + ")");
            } else {
                days.add(DayOfWeek.of(day + 1));
            }
        }
        if (days.isEmpty() && names.isEmpty()) {
            config.expected("days", "at least one day");
        }
        return days;
    }

    private static ZoneId timeZone(ConfigReader config) {
        String text = config.string("time_zone", "UTC");
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            config.expected("time_zone", "a time zone such as UTC or Europe/Paris");
            return ZoneId.of("UTC");
        }
    }
}
