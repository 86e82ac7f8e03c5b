package io.portico.config;

import static io.portico.config.ConfigFixtures.errors;
import static io.portico.config.ConfigFixtures.parse;
import static io.portico.config.ConfigFixtures.v1;
import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.RedisSettings;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {

    @Test
    void isAbsentByDefault() throws Exception {
        assertThat(parse(v1("")).cluster()).isEqualTo(ClusterSpec.NONE);
        assertThat(parse(v1("")).cluster().redis()).isNull();
    }

    @Test
    void bindsTheSharedRedisWithTheDefaultPrefix() throws Exception {
        assertThat(parse(v1("cluster: {redis: \"redis://127.0.0.1:6379\"}")).cluster().redis())
                .isEqualTo(new RedisSettings("redis://127.0.0.1:6379", "portico:"));
        assertThat(parse(v1("cluster: {redis: \"rediss://:s3cret@cache.internal/2\", redis_prefix: \"edge:\"}"))
                .cluster().redis()).isEqualTo(new RedisSettings("rediss://:s3cret@cache.internal/2", "edge:"));
    }

    @Test
    void neverPrintsAPassword() throws Exception {
        RedisSettings redis = parse(v1("cluster: {redis: \"redis://user:s3cret@cache.internal:6380/1\"}")).cluster().redis();

        assertThat(redis.toString()).doesNotContain("s3cret").contains("cache.internal:6380/1");
        assertThat(errors(v1("cluster: {redis: \"http://user:s3cret@cache.internal\"}")))
                .containsExactly("2:18: cluster.redis: (redacted) (expected: "
                        + "redis://[user:password@]host[:port][/db] or rediss://...)");
    }

    @Test
    void reportsMalformedSettings() {
        assertThat(errors(v1("""
                cluster:
                  redis: "redis://"
                  redis_prefix: "has space"
                  postgres: "postgresql://127.0.0.1/portico"
                """))).containsExactly(
                "3:10: cluster.redis: \"redis://\" (expected: redis://[user:password@]host[:port][/db] or rediss://...)",
                "4:17: cluster.redis_prefix: \"has space\" (expected: up to 64 visible ASCII characters)",
                "5:3: cluster: unknown key \"postgres\" (expected one of: redis, redis_prefix)");
    }
}
