package io.portico.plugins.tutorial;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.Action;
import io.portico.plugin.Plugin;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugin.testing.TestExchange;
import io.portico.plugin.testing.TestPluginContext;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaintenanceWindowPluginTest {

    private final MaintenanceWindowPluginType type = new MaintenanceWindowPluginType();

    @Test
    void readsAWindowWithItsDefaults() {
        ConfigProbe<MaintenanceWindowConfig> probe = ConfigProbe.read(type, Map.of("start", "22:00", "end", "02:00"));

        assertThat(probe.problems()).isEmpty();
        assertThat(probe.config()).isEqualTo(new MaintenanceWindowConfig(LocalTime.of(22, 0), LocalTime.of(2, 0),
                EnumSet.allOf(DayOfWeek.class), ZoneId.of("UTC"), "the service is down for maintenance"));
    }

    @Test
    void reportsEveryProblemInOnePass() {
        ConfigProbe<MaintenanceWindowConfig> probe = ConfigProbe.read(type, Map.of(
                "start", "25:00",
                "days", List.of("mon", "someday"),
                "time_zone", "Mars/Olympus",
                "colour", "red"));

        assertThat(probe.config()).isNull();
        assertThat(probe.problems()).containsExactly(
                "config.start: \"25:00\" (expected: a time of day as HH:MM)",
                "config.end: missing (expected: a time of day as HH:MM)",
                "config.days[1]: \"someday\" (expected: one of mon, tue, wed, thu, fri, sat, sun)",
                "config.time_zone: \"Mars/Olympus\" (expected: a time zone such as UTC or Europe/Paris)",
                "config.colour: unknown key \"colour\" (expected one of: start, end, days, time_zone, message)");
    }

    @Test
    void rejectsAWindowThatEndsWhenItStarts() {
        ConfigProbe<MaintenanceWindowConfig> probe = ConfigProbe.read(type, Map.of("start", "02:00", "end", "02:00"));

        assertThat(probe.problems()).containsExactly("config.end: \"02:00\" (expected: a time other than start)");
    }

    @Test
    void rejectsAnEmptyListOfDays() {
        ConfigProbe<MaintenanceWindowConfig> probe =
                ConfigProbe.read(type, Map.of("start", "02:00", "end", "03:00", "days", List.of()));

        assertThat(probe.problems()).containsExactly("config.days: a list (expected: at least one day)");
    }

    @Test
    void answers503WithRetryAfterUntilTheWindowCloses() {
        // 2024-01-01 is a Monday.
        Plugin plugin = plugin(Map.of("start", "22:00", "end", "02:00", "message", "back soon"), "2024-01-01T23:30:00Z");

        Action action = plugin.rewrite(new TestExchange());

        assertThat(action).isInstanceOf(Action.Respond.class);
        Action.Respond respond = (Action.Respond) action;
        assertThat(respond.status()).isEqualTo(503);
        assertThat(respond.error()).isEqualTo("maintenance");
        assertThat(respond.message()).isEqualTo("back soon");
        assertThat(respond.headers()).containsExactly(Map.entry("Retry-After", "9000"));
    }

    @Test
    void proceedsOutsideTheWindow() {
        Plugin plugin = plugin(Map.of("start", "22:00", "end", "02:00"), "2024-01-01T12:00:00Z");

        assertThat(plugin.rewrite(new TestExchange())).isEqualTo(Action.proceed());
    }

    @Test
    void aWindowThatCrossesMidnightBelongsToTheDayItOpens() {
        Map<String, Object> mondayNights = Map.of("start", "22:00", "end", "02:00", "days", List.of("mon"));

        Action tuesdayOneAm = plugin(mondayNights, "2024-01-02T01:00:00Z").rewrite(new TestExchange());
        Action tuesdayEleven = plugin(mondayNights, "2024-01-02T23:00:00Z").rewrite(new TestExchange());

        assertThat(tuesdayOneAm).isInstanceOf(Action.Respond.class);
        assertThat(((Action.Respond) tuesdayOneAm).headers()).containsEntry("Retry-After", "3600");
        assertThat(tuesdayEleven).isEqualTo(Action.proceed());
    }

    @Test
    void closesAtTheEndTimeExactly() {
        Map<String, Object> window = Map.of("start", "09:00", "end", "10:00");

        assertThat(plugin(window, "2024-01-01T09:00:00Z").rewrite(new TestExchange())).isInstanceOf(Action.Respond.class);
        assertThat(plugin(window, "2024-01-01T10:00:00Z").rewrite(new TestExchange())).isEqualTo(Action.proceed());
    }

    @Test
    void retryAfterIsRoundedUp() {
        Plugin plugin = plugin(Map.of("start", "23:00", "end", "00:00"), "2024-01-01T23:59:59.500Z");

        Action.Respond respond = (Action.Respond) plugin.rewrite(new TestExchange());

        assertThat(respond.headers()).containsEntry("Retry-After", "1");
    }

    @Test
    void timesAreInTheConfiguredTimeZone() {
        Map<String, Object> parisMornings = Map.of("start", "09:00", "end", "10:00", "time_zone", "Europe/Paris");

        // 08:30 UTC is 09:30 in Paris in January.
        Action.Respond respond = (Action.Respond) plugin(parisMornings, "2024-01-01T08:30:00Z").rewrite(new TestExchange());

        assertThat(respond.headers()).containsEntry("Retry-After", "1800");
        assertThat(plugin(parisMornings, "2024-01-01T09:30:00Z").rewrite(new TestExchange())).isEqualTo(Action.proceed());
    }

    private Plugin plugin(Map<String, ?> config, String now) {
        ConfigProbe<MaintenanceWindowConfig> probe = ConfigProbe.read(type, config);
        assertThat(probe.problems()).isEmpty();
        TestPluginContext context = new TestPluginContext();
        context.clock = Clock.fixed(Instant.parse(now), ZoneOffset.UTC);
        return type.create(probe.config(), context);
    }
}
