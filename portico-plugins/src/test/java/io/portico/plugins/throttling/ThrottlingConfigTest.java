package io.portico.plugins.throttling;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.Phase;
import io.portico.plugin.testing.ConfigProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThrottlingConfigTest {

    private final ThrottlingPluginType type = new ThrottlingPluginType();

    @Test
    void runsInAccessAfterAclAndInLog() {
        assertThat(type.name()).isEqualTo("throttling");
        assertThat(type.phases()).containsExactlyInAnyOrder(Phase.ACCESS, Phase.LOG);
        assertThat(type.priority()).isEqualTo(900).isLessThan(950);
    }

    @Test
    void fillsInDefaultsAroundMaxConcurrent() {
        ConfigProbe<ThrottlingConfig> probe = ConfigProbe.read(type, Map.of("max_concurrent", 3));

        assertThat(probe.problems()).isEmpty();
        assertThat(probe.config()).isEqualTo(new ThrottlingConfig(3, 0, Duration.ofSeconds(1),
                ThrottlingConfig.LimitBy.ROUTE, 1));
    }

    @Test
    void readsEveryKey() {
        ConfigProbe<ThrottlingConfig> probe = ConfigProbe.read(type, Map.of("max_concurrent", 10, "queue_size", 50,
                "queue_timeout", "250ms", "limit_by", "consumer", "retry_after", 5));

        assertThat(probe.problems()).isEmpty();
        assertThat(probe.config()).isEqualTo(new ThrottlingConfig(10, 50, Duration.ofMillis(250),
                ThrottlingConfig.LimitBy.CONSUMER, 5));
        assertThat(ConfigProbe.read(type, Map.of("max_concurrent", "2", "limit_by", "service")).config())
                .isEqualTo(new ThrottlingConfig(2, 0, Duration.ofSeconds(1), ThrottlingConfig.LimitBy.SERVICE, 1));
        assertThat(ConfigProbe.read(type, Map.of("max_concurrent", 1, "queue_timeout", "25s")).problems()).isEmpty();
    }

    @Test
    void requiresMaxConcurrent() {
        assertThat(ConfigProbe.read(type, Map.of()).problems())
                .containsExactly("config.max_concurrent: missing (expected: a whole number >= 1)");
        assertThat(ConfigProbe.read(type, Map.of("queue_size", 5)).problems())
                .containsExactly("config.max_concurrent: missing (expected: a whole number >= 1)");
    }

    @Test
    void reportsEveryBadValueWithItsRule() {
        ConfigProbe<ThrottlingConfig> probe = ConfigProbe.read(type, Map.of(
                "max_concurrent", 0,
                "queue_size", -1,
                "queue_timeout", "soon",
                "limit_by", "ip",
                "retry_after", 0,
                "burst", 3));

        assertThat(probe.config()).isNull();
        assertThat(probe.problems()).containsExactlyInAnyOrder(
                "config.max_concurrent: 0 (expected: >= 1)",
                "config.queue_size: -1 (expected: between 0 and 100000)",
                "config.queue_timeout: \"soon\" (expected: a duration such as 250ms, 5s, 2m)",
                "config.limit_by: \"ip\" (expected: one of route, consumer, service)",
                "config.retry_after: 0 (expected: between 1 and 86400)",
                "config.burst: unknown key \"burst\" (expected one of: max_concurrent, queue_size, queue_timeout,"
                        + " limit_by, retry_after)");
    }

    @Test
    void boundsTheQueueTimeoutUnderTheCoresLimitOnWaiting() {
        assertThat(ConfigProbe.read(type, Map.of("max_concurrent", 1, "queue_timeout", "26s")).problems())
                .containsExactly("config.queue_timeout: \"26s\" (expected: <= 25s)");
        assertThat(ConfigProbe.read(type, Map.of("max_concurrent", 1, "queue_timeout", "0s")).problems())
                .containsExactly("config.queue_timeout: \"0s\" (expected: > 0)");
    }

    @Test
    void boundsTheQueueAndRetryAfter() {
        assertThat(ConfigProbe.read(type, Map.of("max_concurrent", 1, "queue_size", 100_001)).problems())
                .containsExactly("config.queue_size: 100001 (expected: between 0 and 100000)");
        assertThat(ConfigProbe.read(type, Map.of("max_concurrent", 1, "retry_after", 86_401)).problems())
                .containsExactly("config.retry_after: 86401 (expected: between 1 and 86400)");
        assertThat(ConfigProbe.read(type, Map.of("max_concurrent", 1.5, "limit_by", List.of("route"))).problems())
                .containsExactlyInAnyOrder("config.max_concurrent: 1.5 (expected: a whole number)",
                        "config.limit_by: a list (expected: one of route, consumer, service)");
    }
}
