package io.portico.plugins.ratelimiting;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.portico.plugin.PluginRegistry;
import io.portico.plugins.redis.RedisTestKeys;
import io.portico.server.GatewayFixture;
import io.portico.testing.TestOrigin;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * policy redis against the shared Redis on localhost:6379: two Portico instances count together.
 * Every key goes under a prefix of this run's own, deleted afterwards; nothing else is touched.
 */
class RedisRateLimitingIT {

    private static final String PREFIX = "portico-test:" + UUID.randomUUID() + ":";

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            cluster: {redis: "redis://127.0.0.1:6379", redis_prefix: "${PREFIX}"}
            services:
              - {name: echo, url: "http://${ORIGIN}"}
            routes:
              - name: crowded
                paths: ["/crowded"]
                service: echo
                strip_path: false
                plugins:
                  - name: rate-limiting
                    # Tests run with Netty's paranoid leak detection, which slows every Redis reply down: a
                    # generous timeout keeps this test about accuracy (the outage test is about timeouts).
                    config: {minute: 100, policy: redis, redis: {url: "redis://127.0.0.1:6379", prefix: "${PREFIX}", timeout: 1s}}
              - name: small
                paths: ["/small"]
                service: echo
                strip_path: false
                plugins:
                  - name: rate-limiting
                    config:
                      second: 1000
                      hour: 2
                      algorithm: fixed-window
                      limit_by: header
                      header_name: X-Test
                      policy: redis
                      redis: {timeout: 1s}          # cluster.redis and its prefix
              - name: bucket
                paths: ["/bucket"]
                service: echo
                strip_path: false
                plugins:
                  - name: rate-limiting
                    config:
                      day: 10
                      algorithm: token-bucket
                      burst: 3
                      limit_by: header
                      header_name: X-Test
                      policy: redis
                      redis: {timeout: 1s}          # cluster.redis and its prefix
            """;

    private static TestOrigin origin;
    private static GatewayFixture first;
    private static GatewayFixture second;
    private static RedisClient redisClient;
    private static StatefulRedisConnection<String, String> connection;
    private static RedisCommands<String, String> redis;

    @BeforeAll
    static void startTwoGateways() throws Exception {
        origin = TestOrigin.start();
        Map<String, String> variables = Map.of("ORIGIN", "127.0.0.1:" + origin.port(), "PREFIX", PREFIX);
        // Each start discovers its own plugin types: two nodes with their own Redis clients and counters.
        first = GatewayFixture.start(CONFIG, variables, PluginRegistry.discover());
        second = GatewayFixture.start(CONFIG, variables, PluginRegistry.discover());
        redisClient = RedisClient.create("redis://127.0.0.1:6379");
        connection = redisClient.connect();
        redis = connection.sync();
    }

    @AfterAll
    static void stopAndDeleteTheKeys() {
        if (redis != null) {
            RedisTestKeys.deleteUnder(redis, PREFIX);
            connection.close();
            redisClient.shutdown();
        }
        for (AutoCloseable closeable : new AutoCloseable[] {first, second, origin}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void twoGatewaysSharingRedisAllowExactlyTheLimitInTotal() throws Exception {
        ConcurrentClients.awaitRoomInTheCurrentMinute();

        ConcurrentClients.Outcome outcome = ConcurrentClients.send(50, 1_000, "/crowded", List.of(first, second));

        assertThat(outcome.count(200)).isEqualTo(100);
        assertThat(outcome.count(429)).isEqualTo(900);
        assertThat(origin.requests("/crowded")).hasSize(100);
        // Refusals were not counted: Redis holds exactly the allowed requests.
        List<String> minuteKeys = keys().stream().filter(key -> key.contains("{routes[crowded]|")).toList();
        assertThat(minuteKeys).hasSize(1);
        assertThat(redis.get(minuteKeys.get(0))).isEqualTo("100");
    }

    @Test
    void checksEveryPeriodInOneStepAndCountsNothingItRefuses() throws Exception {
        assertThat(get(first, "/small", "periods").statusCode()).isEqualTo(200);
        HttpResponse<String> fromTheOtherNode = get(second, "/small", "periods");
        HttpResponse<String> refused = get(first, "/small", "periods");

        assertThat(fromTheOtherNode.statusCode()).isEqualTo(200);
        assertThat(fromTheOtherNode.headers().firstValue("RateLimit-Remaining")).hasValue("0");
        assertThat(fromTheOtherNode.headers().firstValue("X-RateLimit-Remaining-Second")).hasValue("998");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("X-RateLimit-Remaining-Hour")).hasValue("0");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        List<String> secondKeys = keys().stream().filter(key -> key.contains("{routes[small]|header:periods}:second:"))
                .toList();
        assertThat(secondKeys).isNotEmpty();
        long countedInSeconds = 0;
        for (String key : secondKeys) {
            countedInSeconds += Long.parseLong(redis.get(key));
        }
        assertThat(countedInSeconds).isEqualTo(2);
    }

    @Test
    void sharesATokenBucketWithItsBurst() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(get(i % 2 == 0 ? first : second, "/bucket", "burst").statusCode());
        }

        assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
        HttpResponse<String> refused = get(first, "/bucket", "burst");
        // One token every 8,640 s (10 a day).
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(8_000L, 8_640L);
        assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValue("3;w=86400;burst=3;rate=10");
    }

    @Test
    void everyKeyExpires() throws Exception {
        get(first, "/small", "expiry");
        get(first, "/bucket", "expiry");

        List<String> keys = keys();
        assertThat(keys).isNotEmpty();
        for (String key : keys) {
            assertThat(redis.pttl(key)).as(key).isPositive();
        }
    }

    /** Each test counts under its own X-Test value, whatever ran before it. */
    private static HttpResponse<String> get(GatewayFixture gateway, String path, String test) throws Exception {
        return gateway.send(gateway.request(path).header("X-Test", test));
    }

    private static List<String> keys() {
        return RedisTestKeys.under(redis, PREFIX);
    }
}
