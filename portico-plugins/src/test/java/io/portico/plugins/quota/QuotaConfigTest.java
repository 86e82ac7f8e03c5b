package io.portico.plugins.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.Phase;
import io.portico.plugin.RedisSettings;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugins.redis.RedisOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuotaConfigTest {

    private final QuotaPluginType type = new QuotaPluginType();

    @Test
    void declaresItsNamePhasesAndAPriorityAfterRateLimiting() {
        assertThat(type.name()).isEqualTo("quota");
        assertThat(type.phases()).containsExactlyInAnyOrder(Phase.ACCESS, Phase.RESPONSE_HEADERS);
        assertThat(type.priority()).isEqualTo(905);
    }

    @Test
    void readsADayAllowanceWithDefaults() {
        QuotaConfig config = ConfigProbe.read(type, Map.of("day", 1000)).config();

        assertThat(config.allowances()).containsExactly(new Allowance(QuotaPeriod.DAY, 1000));
        assertThat(config.redis()).isNull();
        assertThat(config.hideClientHeaders()).isFalse();
        assertThat(config.denyOnRedisFailure()).isFalse();
    }

    @Test
    void readsTheRedisPolicyWithItsOwnBlockOrTheClusters() {
        QuotaConfig own = ConfigProbe.read(type, Map.of("month", 10, "policy", "redis", "on_redis_failure", "deny",
                "redis", Map.of("url", "redis://127.0.0.1:6379", "prefix", "q:", "timeout", "200ms"))).config();
        QuotaConfig cluster = ConfigProbe.read(type, Map.of("month", 10, "policy", "redis")).config();

        assertThat(own.redis()).isEqualTo(new RedisOptions("redis://127.0.0.1:6379", "q:", Duration.ofMillis(200)));
        assertThat(own.denyOnRedisFailure()).isTrue();
        assertThat(cluster.redis()).isEqualTo(new RedisOptions(null, null, Duration.ofMillis(50)));
        assertThat(cluster.redis().orCluster(new RedisSettings("redis://cache:6379", "edge:")))
                .isEqualTo(new RedisOptions("redis://cache:6379", "edge:", Duration.ofMillis(50)));
    }

    @Test
    void neverEchoesARedisUrlThatMayHoldAPassword() {
        assertThat(ConfigProbe.read(type, Map.of("day", 1, "policy", "redis",
                "redis", Map.of("url", "http://:hunter2@cache:6379"))).problems())
                .containsExactly("config.redis.url: not a Redis URL (expected: redis://host:port or rediss://host:port)");
    }

    @Test
    void readsBothPeriodsDayFirst() {
        QuotaConfig config = ConfigProbe.read(type,
                Map.of("month", "20000", "day", 1000, "policy", "local", "hide_client_headers", true)).config();

        assertThat(config.allowances()).containsExactly(
                new Allowance(QuotaPeriod.DAY, 1000), new Allowance(QuotaPeriod.MONTH, 20000));
        assertThat(config.hideClientHeaders()).isTrue();
    }

    @Test
    void needsAtLeastOnePeriod() {
        assertThat(ConfigProbe.read(type, Map.of()).problems())
                .containsExactly("config.day: missing (expected: at least one of day, month, each >= 1)");
    }

    @Test
    void reportsEveryBadValue() {
        assertThat(ConfigProbe.read(type, Map.of("day", 0, "month", "many", "policy", "cluster",
                "hide_client_headers", "yes", "minute", 5)).problems())
                .containsExactlyInAnyOrder(
                        "config.day: 0 (expected: >= 1)",
                        "config.month: \"many\" (expected: a whole number)",
                        "config.policy: \"cluster\" (expected: one of local, redis)",
                        "config.hide_client_headers: \"yes\" (expected: true or false)",
                        "config.minute: unknown key \"minute\" (expected one of: day, month, policy, redis, "
                                + "on_redis_failure, hide_client_headers)");
    }
}
