package io.portico.plugins.proxycache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.plugin.PluginRegistry;
import io.portico.plugin.RedisSettings;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugin.testing.TestPluginContext;
import io.portico.plugins.redis.RedisOptions;
import io.portico.server.GatewayFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProxyCacheConfigTest {

    private final ProxyCachePluginType type = new ProxyCachePluginType();

    @Test
    void readsKongsDefaults() {
        ConfigProbe<ProxyCacheConfig> probe = ConfigProbe.read(type, Map.of());

        assertThat(probe.problems()).isEmpty();
        assertThat(probe.config()).isEqualTo(new ProxyCacheConfig(Set.of(200, 301, 404), Set.of("GET", "HEAD"),
                List.of("text/plain", "application/json"), List.of(), List.of(), Duration.ofSeconds(300), true, null,
                Duration.ZERO, 1024 * 1024, Duration.ofSeconds(10), 64L * 1024 * 1024, null, false));
    }

    @Test
    void readsEveryKey() {
        ConfigProbe<ProxyCacheConfig> probe = ConfigProbe.read(type, Map.ofEntries(
                Map.entry("strategy", "memory"),
                Map.entry("response_code", List.of(200)),
                Map.entry("request_method", List.of("get")),
                Map.entry("content_type", List.of("Text/HTML")),
                Map.entry("vary_headers", List.of("Accept-Language")),
                Map.entry("vary_query_params", List.of("page")),
                Map.entry("cache_ttl", "1m"),
                Map.entry("cache_control", false),
                Map.entry("storage_ttl", "1h"),
                Map.entry("stale_if_error", "5m"),
                Map.entry("max_entry_size", "64KB"),
                Map.entry("collapse_timeout", "2s"),
                Map.entry("share_across_consumers", true),
                Map.entry("memory", Map.of("max_size", "1MB"))));

        assertThat(probe.problems()).isEmpty();
        assertThat(probe.config()).isEqualTo(new ProxyCacheConfig(Set.of(200), Set.of("GET"), List.of("text/html"),
                List.of("accept-language"), List.of("page"), Duration.ofMinutes(1), false, Duration.ofHours(1),
                Duration.ofMinutes(5), 64 * 1024, Duration.ofSeconds(2), 1024 * 1024, null, true));
    }

    @Test
    void readsTheRedisStrategyWithItsOwnBlockOrTheClusters() {
        ProxyCacheConfig own = ConfigProbe.read(type, Map.of("strategy", "redis",
                "redis", Map.of("url", "redis://127.0.0.1:6379", "prefix", "edge:", "timeout", "250ms"))).config();
        ProxyCacheConfig cluster = ConfigProbe.read(type, Map.of("strategy", "redis")).config();

        assertThat(own.redis()).isEqualTo(new RedisOptions("redis://127.0.0.1:6379", "edge:", Duration.ofMillis(250)));
        assertThat(cluster.redis()).isEqualTo(new RedisOptions(null, null, Duration.ofMillis(100)));
        assertThat(cluster.redis().orCluster(new RedisSettings("redis://cache:6379", "shared:"), "strategy: redis"))
                .isEqualTo(new RedisOptions("redis://cache:6379", "shared:", Duration.ofMillis(100)));
    }

    @Test
    void theBlockOfTheOtherStrategyIsReadButUnused() {
        ConfigProbe<ProxyCacheConfig> redis = ConfigProbe.read(type, Map.of("strategy", "redis",
                "memory", Map.of("max_size", "1KB"), "max_entry_size", "1MB"));
        ConfigProbe<ProxyCacheConfig> memory = ConfigProbe.read(type, Map.of("redis", Map.of("url", "redis://cache:6379")));
        ConfigProbe<ProxyCacheConfig> invalid = ConfigProbe.read(type, Map.of("strategy", "redis",
                "memory", Map.of("max_size", "lots")));

        assertThat(redis.problems()).as("max_entry_size is not bound by an unused memory.max_size").isEmpty();
        assertThat(memory.problems()).isEmpty();
        assertThat(memory.config().redis()).isNull();
        assertThat(invalid.problems()).containsExactly(
                "config.memory.max_size: \"lots\" (expected: a size such as 512B, 16KB, 10MB, 1GB)");
    }

    @Test
    void boundsARedisEntryAt16MB() {
        assertThat(ConfigProbe.read(type, Map.of("strategy", "redis", "max_entry_size", "16MB")).problems()).isEmpty();
        assertThat(ConfigProbe.read(type, Map.of("strategy", "redis", "max_entry_size", "17MB")).problems())
                .containsExactly("config.max_entry_size: \"17MB\" (expected: at most 16MB with strategy: redis)");
    }

    @Test
    void theRedisStrategyNeedsARedis() {
        ProxyCacheConfig config = ConfigProbe.read(type, Map.of("strategy", "redis")).config();

        assertThatThrownBy(() -> type.create(config, new TestPluginContext()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("strategy: redis needs cluster.redis or config.redis.url");
    }

    @Test
    void aConfigurationWithTheRedisStrategyAndNoRedisIsRejectedWithItsPath() {
        assertThatThrownBy(() -> GatewayFixture.start("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"]}
                services: [{name: s, url: "http://127.0.0.1:9"}]
                routes:
                  - {name: r, paths: [/], service: s, plugins: [{name: proxy-cache, config: {strategy: redis}}]}
                """, Map.of(), PluginRegistry.discover()))
                .hasMessageContaining("routes[r].proxy-cache: cannot start the plugin: strategy: redis needs "
                        + "cluster.redis or config.redis.url");
    }

    @Test
    void reportsEveryProblemInOnePass() {
        ConfigProbe<ProxyCacheConfig> probe = ConfigProbe.read(type, Map.of(
                "strategy", "disk",
                "response_code", List.of(200, 700, "ok"),
                "request_method", List.of("GET", "NOT A METHOD"),
                "vary_headers", List.of("bad header"),
                "max_entry_size", "2MB",
                "memory", Map.of("max_size", "1MB"),
                "colour", "red"));

        assertThat(probe.problems()).containsExactly(
                "config.strategy: \"disk\" (expected: one of memory, redis)",
                "config.response_code[1]: 700 (expected: a status 100-599)",
                "config.response_code[2]: \"ok\" (expected: a status 100-599)",
                "config.request_method[1]: \"NOT A METHOD\" (expected: a method such as GET)",
                "config.vary_headers[0]: \"bad header\" (expected: a header name)",
                "config.max_entry_size: \"2MB\" (expected: at most memory.max_size)",
                "config.colour: unknown key \"colour\" (expected one of: strategy, response_code, request_method, "
                        + "content_type, vary_headers, vary_query_params, cache_ttl, cache_control, share_across_consumers, "
                        + "storage_ttl, "
                        + "stale_if_error, max_entry_size, collapse_timeout, memory, redis)");
    }
}
