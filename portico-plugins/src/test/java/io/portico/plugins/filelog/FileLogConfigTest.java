package io.portico.plugins.filelog;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.Phase;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugins.logging.LogFields;
import io.portico.plugins.logging.Masking;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FileLogConfigTest {

    private final FileLogPluginType type = new FileLogPluginType();

    @Test
    void capturesResponseHeadersAndLogsWithKongsPriority() {
        assertThat(type.name()).isEqualTo("file-log");
        assertThat(type.phases()).containsExactlyInAnyOrder(Phase.RESPONSE_HEADERS, Phase.LOG);
        assertThat(type.priority()).isEqualTo(9);
    }

    @Test
    void fillsInDefaultsAroundThePath() {
        ConfigProbe<FileLogConfig> probe = ConfigProbe.read(type, Map.of("path", "/var/log/portico/requests.log"));

        assertThat(probe.problems()).isEmpty();
        assertThat(probe.config()).isEqualTo(new FileLogConfig(Path.of("/var/log/portico/requests.log"), false,
                new Rotation(100L * 1024 * 1024, RotationInterval.NONE, 10), 10_000, LogFields.DEFAULT));
    }

    @Test
    void readsEveryKey() {
        ConfigProbe<FileLogConfig> probe = ConfigProbe.read(type, Map.of(
                "path", "logs/requests.log",
                "reopen", true,
                "rotate", Map.of("max_size", "10MB", "interval", "hourly", "max_files", 3),
                "queue_size", 500,
                "include_headers", false,
                "mask_headers", List.of("X-Session"),
                "mask_query", List.of("session_id")));

        assertThat(probe.problems()).isEmpty();
        assertThat(probe.config()).isEqualTo(new FileLogConfig(Path.of("logs/requests.log"), true,
                new Rotation(10L * 1024 * 1024, RotationInterval.HOURLY, 3), 500,
                new LogFields(false, Masking.with(List.of("x-session"), List.of("session_id")))));
    }

    @Test
    void rotateOffLeavesRotationToLogrotate() {
        assertThat(ConfigProbe.read(type, Map.of("path", "a.log", "rotate", "off")).config().rotation()).isNull();
        assertThat(ConfigProbe.read(type, Map.of("path", "a.log", "rotate", false)).config().rotation()).isNull();
        assertThat(ConfigProbe.read(type, Map.of("path", "a.log", "rotate", Map.of("interval", "daily"))).config()
                .rotation()).isEqualTo(new Rotation(100L * 1024 * 1024, RotationInterval.DAILY, 10));
    }

    @Test
    void requiresAPath() {
        assertThat(ConfigProbe.read(type, Map.of()).problems())
                .containsExactly("config.path: missing (expected: a file path)");
        assertThat(ConfigProbe.read(type, Map.of("path", "")).problems())
                .containsExactly("config.path: \"\" (expected: a file path)");
        assertThat(ConfigProbe.read(type, Map.of("path", "bad\u0000name")).problems())
                .containsExactly("config.path: \"bad\\u0000name\" (expected: a file path)");
    }

    @Test
    void reportsEveryBadValueWithItsPath() {
        ConfigProbe<FileLogConfig> probe = ConfigProbe.read(type, Map.of(
                "path", "a.log",
                "reopen", "sometimes",
                "rotate", Map.of("max_size", "big", "interval", "weekly", "max_files", 0, "compress", true),
                "queue_size", 0,
                "include_headers", "yes",
                "mask_headers", List.of("x-ok", "bad header"),
                "mask_query", List.of("ok", "a=b"),
                "custom_fields_by_lua", Map.of()));

        assertThat(probe.config()).isNull();
        assertThat(probe.problems()).containsExactlyInAnyOrder(
                "config.reopen: \"sometimes\" (expected: true or false)",
                "config.rotate.max_size: \"big\" (expected: a size such as 512B, 16KB, 10MB, 1GB)",
                "config.rotate.interval: \"weekly\" (expected: one of none, hourly, daily)",
                "config.rotate.max_files: 0 (expected: between 1 and 1000)",
                "config.rotate.compress: unknown key \"compress\" (expected one of: max_size, interval, max_files)",
                "config.queue_size: 0 (expected: between 1 and 1000000)",
                "config.include_headers: \"yes\" (expected: true or false)",
                "config.mask_headers[1]: \"bad header\" (expected: a header name)",
                "config.mask_query[1]: \"a=b\" (expected: a query parameter name)",
                "config.custom_fields_by_lua: unknown key \"custom_fields_by_lua\" (expected one of: path, reopen, "
                        + "rotate, queue_size, include_headers, mask_headers, mask_query)");
    }

    @Test
    void rotateIsAMappingOrOff() {
        assertThat(ConfigProbe.read(type, Map.of("path", "a.log", "rotate", "daily")).problems())
                .containsExactly("config.rotate: \"daily\" (expected: a mapping, or off)");
    }
}
