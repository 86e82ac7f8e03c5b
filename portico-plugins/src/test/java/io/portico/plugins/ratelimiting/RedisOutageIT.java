package io.portico.plugins.ratelimiting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.portico.plugin.PluginRegistry;
import io.portico.server.GatewayFixture;
import io.portico.testing.TestOrigin;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * policy redis while its Redis (a private redis-server of this test) hangs, dies and comes back:
 * requests keep flowing under the local fallback, a hung or dead Redis adds at most a few milliseconds,
 * and exact limiting through Redis resumes by itself.
 */
class RedisOutageIT {

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            services:
              - {name: echo, url: "http://${ORIGIN}"}
            routes:
              - name: busy
                paths: ["/busy"]
                service: echo
                strip_path: false
                plugins:
                  - name: rate-limiting
                    config: {minute: 1000000, policy: redis, redis: {url: "${REDIS}", prefix: "${PREFIX}"}}
              - name: exact
                paths: ["/exact"]
                service: echo
                strip_path: false
                plugins:
                  - name: rate-limiting
                    config:
                      hour: 4
                      limit_by: header
                      header_name: X-Client
                      policy: redis
                      redis: {url: "${REDIS}", prefix: "${PREFIX}"}
                      node_count: 2
            """;

    private static final Logger log = LoggerFactory.getLogger(RedisOutageIT.class);
    private static final List<Integer> THROUGH_REDIS = List.of(200, 200, 200, 200, 429);
    private static final List<Integer> THROUGH_THE_FALLBACK = List.of(200, 200, 429, 429, 429);

    private static PrivateRedis redis;
    private static TestOrigin origin;
    private static GatewayFixture portico;
    private static int clients;

    @BeforeAll
    static void start() throws Exception {
        redis = PrivateRedis.start();
        origin = TestOrigin.start();
        portico = GatewayFixture.start(CONFIG, Map.of("ORIGIN", "127.0.0.1:" + origin.port(), "REDIS", redis.url(),
                "PREFIX", "portico-test:" + UUID.randomUUID() + ":"), PluginRegistry.discover());
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {portico, origin, redis}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    void keepsServingThroughAHungAndADeadRedisAndResumesExactLimitingWhenItReturns() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> fiveFromANewClient().equals(THROUGH_REDIS));
        sequentially(500); // warm up: class loading and JIT, not measured
        ConcurrentClients.Outcome healthy = sequentially(1_000);
        assertThat(healthy.count(200)).isEqualTo(1_000);

        redis.freeze();
        ConcurrentClients.Outcome hung = sequentially(1_000);
        assertThat(fiveFromANewClient()).isEqualTo(THROUGH_THE_FALLBACK);

        redis.thaw();
        redis.kill();
        ConcurrentClients.Outcome dead = sequentially(1_000);
        assertThat(fiveFromANewClient()).isEqualTo(THROUGH_THE_FALLBACK);

        log.info("p99 request time: healthy Redis {} ms, hung {} ms, dead {} ms", healthy.p99Millis(), hung.p99Millis(),
                dead.p99Millis());
        assertThat(hung.count(200)).isEqualTo(1_000);
        assertThat(dead.count(200)).isEqualTo(1_000);
        // A hung Redis costs a timeout (50 ms) to the few requests that open the breaker or probe it:
        // fewer than 1 in 100, so the 99th percentile stays within a few ms of a healthy Redis.
        assertThat(hung.p99Millis()).as("p99 with Redis hung, healthy p99 %.2f ms", healthy.p99Millis())
                .isLessThan(healthy.p99Millis() + 5);
        assertThat(dead.p99Millis()).as("p99 with Redis dead, healthy p99 %.2f ms", healthy.p99Millis())
                .isLessThan(healthy.p99Millis() + 5);

        redis.startAgain();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> fiveFromANewClient().equals(THROUGH_REDIS));
    }

    /** Five requests as a client never seen before: Redis allows 4 an hour, the fallback 4 / node_count 2. */
    private static List<Integer> fiveFromANewClient() throws Exception {
        String client = "client-" + clients++;
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = portico.send(portico.request("/exact").header("X-Client", client));
            statuses.add(response.statusCode());
        }
        return statuses;
    }

    private static ConcurrentClients.Outcome sequentially(int requests) throws Exception {
        return ConcurrentClients.send(1, requests, "/busy", List.of(portico));
    }
}
