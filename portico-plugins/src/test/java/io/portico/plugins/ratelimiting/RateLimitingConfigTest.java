package io.portico.plugins.ratelimiting;

import io.portico.plugins.redis.RedisOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.plugin.Phase;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugin.RedisSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitingConfigTest {

    private final RateLimitingPluginType type = new RateLimitingPluginType();

    @Test
    void declaresItsNamePhasesAndKongsPriority() {
        assertThat(type.name()).isEqualTo("rate-limiting");
        assertThat(type.phases()).containsExactlyInAnyOrder(Phase.ACCESS, Phase.RESPONSE_HEADERS);
        assertThat(type.priority()).isEqualTo(910);
    }

    @Test
    void defaultsToASlidingWindowPerIpCountedLocally() {
        RateLimitingConfig config = ConfigProbe.read(type, Map.of("minute", 100)).config();

        assertThat(config.limits()).containsExactly(new Limit(Period.MINUTE, 100, 100));
        assertThat(config.limitBy()).isEqualTo(LimitBy.IP);
        assertThat(config.algorithm()).isEqualTo(Algorithm.SLIDING_WINDOW);
        assertThat(config.redis()).isNull();
        assertThat(config.hideClientHeaders()).isFalse();
        assertThat(config.errorCode()).isEqualTo(429);
        assertThat(config.errorMessage()).isEqualTo("API rate limit exceeded");
        assertThat(config.onRedisFailure()).isEqualTo(RateLimitingConfig.OnRedisFailure.LOCAL);
        assertThat(config.nodeCount()).isEqualTo(1);
    }

    @Test
    void readsSeveralPeriodsShortestFirst() {
        RateLimitingConfig config = ConfigProbe.read(type, Map.of("month", 10000, "second", 5, "hour", "300")).config();

        assertThat(config.limits()).extracting(Limit::period)
                .containsExactly(Period.SECOND, Period.HOUR, Period.MONTH);
        assertThat(config.limits()).extracting(Limit::count).containsExactly(5L, 300L, 10000L);
    }

    @Test
    void readsTheRedisPolicyWithItsDefaults() {
        RateLimitingConfig config = ConfigProbe.read(type, Map.of("minute", 100, "policy", "redis")).config();

        assertThat(config.redis()).isEqualTo(new RedisOptions(null, null, Duration.ofMillis(50)));
    }

    @Test
    void takesTheClusterRedisUnlessItsOwnBlockNamesOne() {
        RedisSettings cluster = new RedisSettings("redis://cache:6379", "edge:");

        assertThat(new RedisOptions(null, null, Duration.ofMillis(50)).orCluster(cluster))
                .isEqualTo(new RedisOptions("redis://cache:6379", "edge:", Duration.ofMillis(50)));
        assertThat(new RedisOptions(null, "mine:", Duration.ofMillis(50)).orCluster(cluster))
                .isEqualTo(new RedisOptions("redis://cache:6379", "mine:", Duration.ofMillis(50)));
        assertThat(new RedisOptions("redis://own:6379", null, Duration.ofMillis(50)).orCluster(cluster))
                .isEqualTo(new RedisOptions("redis://own:6379", "portico:", Duration.ofMillis(50)));
        assertThat(new RedisOptions("redis://own:6379", null, Duration.ofMillis(50)).orCluster(null).url())
                .isEqualTo("redis://own:6379");
        assertThatThrownBy(() -> new RedisOptions(null, null, Duration.ofMillis(50)).orCluster(null))
                .hasMessage("policy: redis needs cluster.redis or config.redis.url");
    }

    @Test
    void readsEveryKey() {
        RateLimitingConfig config = ConfigProbe.read(type, Map.ofEntries(
                Map.entry("second", 10), Map.entry("limit_by", "header"), Map.entry("header_name", "X-Tenant"),
                Map.entry("algorithm", "token-bucket"), Map.entry("burst", 20), Map.entry("policy", "redis"),
                Map.entry("redis", Map.of("url", "redis://:secret@redis.internal:6380/2", "prefix", "edge:",
                        "timeout", "20ms")),
                Map.entry("hide_client_headers", true), Map.entry("error_code", 503),
                Map.entry("error_message", "slow down"), Map.entry("on_redis_failure", "deny"),
                Map.entry("node_count", 4))).config();

        assertThat(config.limits()).containsExactly(new Limit(Period.SECOND, 10, 20));
        assertThat(config.limitBy()).isEqualTo(LimitBy.HEADER);
        assertThat(config.headerName()).isEqualTo("X-Tenant");
        assertThat(config.algorithm()).isEqualTo(Algorithm.TOKEN_BUCKET);
        assertThat(config.redis().prefix()).isEqualTo("edge:");
        assertThat(config.redis().timeout()).isEqualTo(Duration.ofMillis(20));
        assertThat(config.redis().toString()).doesNotContain("secret");
        assertThat(config.hideClientHeaders()).isTrue();
        assertThat(config.errorCode()).isEqualTo(503);
        assertThat(config.errorMessage()).isEqualTo("slow down");
        assertThat(config.onRedisFailure()).isEqualTo(RateLimitingConfig.OnRedisFailure.DENY);
        assertThat(config.fallbackLimits()).containsExactly(new Limit(Period.SECOND, 2, 5));
    }

    @Test
    void requiresAtLeastOneLimit() {
        assertThat(problems(Map.of())).containsExactly(
                "config.minute: missing (expected: at least one of second, minute, hour, day, month, each >= 1)");
    }

    @Test
    void reportsAMissingLimitAlongsideOtherProblems() {
        assertThat(problems(Map.of("limit_by", "user"))).containsExactly(
                "config.limit_by: \"user\" (expected: one of ip, consumer, credential, header, path, service)",
                "config.minute: missing (expected: at least one of second, minute, hour, day, month, each >= 1)");
    }

    @Test
    void reportsEveryBadValueAtOnce() {
        assertThat(problems(Map.ofEntries(
                Map.entry("minute", 0), Map.entry("hour", -5), Map.entry("day", "many"),
                Map.entry("limit_by", "user"), Map.entry("algorithm", "leaky-bucket"), Map.entry("policy", "cluster"),
                Map.entry("error_code", 200), Map.entry("on_redis_failure", "panic"), Map.entry("node_count", 0),
                Map.entry("hide_client_headers", "yes"), Map.entry("colour", "red"))))
                .containsExactly(
                        "config.minute: 0 (expected: >= 1)",
                        "config.hour: -5 (expected: >= 1)",
                        "config.day: \"many\" (expected: a whole number)",
                        "config.limit_by: \"user\" (expected: one of ip, consumer, credential, header, path, service)",
                        "config.algorithm: \"leaky-bucket\" (expected: one of sliding-window, fixed-window, token-bucket)",
                        "config.policy: \"cluster\" (expected: one of local, redis)",
                        "config.hide_client_headers: \"yes\" (expected: true or false)",
                        "config.error_code: 200 (expected: between 400 and 599)",
                        "config.on_redis_failure: \"panic\" (expected: one of local, allow, deny)",
                        "config.node_count: 0 (expected: between 1 and 10000)",
                        "config.colour: unknown key \"colour\" (expected one of: second, minute, hour, day, month, "
                                + "limit_by, header_name, algorithm, burst, policy, redis, hide_client_headers, "
                                + "error_code, error_message, on_redis_failure, node_count)");
    }

    @Test
    void requiresAHeaderNameOnlyWithLimitByHeader() {
        assertThat(problems(Map.of("minute", 1, "limit_by", "header"))).containsExactly(
                "config.header_name: missing (expected: a header name, with limit_by: header)");
        assertThat(problems(Map.of("minute", 1, "limit_by", "header", "header_name", "X Tenant"))).containsExactly(
                "config.header_name: \"X Tenant\" (expected: a header name)");
        assertThat(problems(Map.of("minute", 1, "header_name", "X-Tenant"))).containsExactly(
                "config.header_name: \"X-Tenant\" (expected: only with limit_by: header)");
    }

    @Test
    void acceptsBurstOnlyForTheTokenBucket() {
        assertThat(problems(Map.of("minute", 1, "burst", 5))).containsExactly(
                "config.burst: 5 (expected: only with algorithm: token-bucket)");
        assertThat(problems(Map.of("minute", 1, "algorithm", "token-bucket", "burst", 0))).containsExactly(
                "config.burst: 0 (expected: >= 1)");
    }

    @Test
    void reportsBadRedisSettingsWithoutEchoingTheUrl() {
        assertThat(problems(Map.of("minute", 1, "policy", "redis",
                "redis", Map.of("url", "http://:hunter2@x", "timeout", "0ms", "port", 6379)))).containsExactly(
                "config.redis.url: not a Redis URL (expected: redis://host:port or rediss://host:port)",
                "config.redis.timeout: \"0ms\" (expected: > 0)",
                "config.redis.port: unknown key \"port\" (expected one of: url, prefix, timeout)");
    }

    private List<String> problems(Map<String, ?> config) {
        return ConfigProbe.read(type, config).problems();
    }
}
