package io.portico.plugins.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.portico.plugin.PluginRegistry;
import io.portico.plugins.redis.RedisTestKeys;
import io.portico.proxy.UsageEntry;
import io.portico.server.GatewayFixture;
import io.portico.testing.TestOrigin;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * quota with policy redis: two gateways counting in the shared Redis on localhost:6379. Every key goes
 * under a prefix of this run's own, deleted afterwards; nothing else is touched.
 */
class RedisQuotaIT {

    private static final String PREFIX = "portico-test:" + UUID.randomUUID() + ":";
    private static final String ALICE_KEY = "k-alice-5e1f9a3c7b2d4e6f8a0b";
    private static final String BOB_KEY = "k-bob-0c2e4a6b8d1f3a5c7e9b";

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"], access_log: off}
            services:
              - {name: echo, url: "http://${ORIGIN}"}
            routes:
              - name: orders
                paths: ["/orders"]
                service: echo
                strip_path: false
                plugins:
                  - {name: key-auth}
                  - name: quota
                    config: {day: 5, month: 1000, policy: redis, redis: {url: "redis://127.0.0.1:6379", prefix: "${PREFIX}", timeout: 1s}}
              - name: strict
                paths: ["/strict"]
                service: echo
                strip_path: false
                plugins:
                  - {name: key-auth}
                  - name: quota
                    config: {day: 5, policy: redis, on_redis_failure: deny, redis: {url: "redis://127.0.0.1:${DEAD}", timeout: 100ms}}
              - name: lenient
                paths: ["/lenient"]
                service: echo
                strip_path: false
                plugins:
                  - {name: key-auth}
                  - name: quota
                    config: {day: 5, policy: redis, redis: {url: "redis://127.0.0.1:${DEAD}", timeout: 100ms}}
            consumers:
              - username: alice
                credentials:
                  key-auth: [{key: "${ALICE_KEY}"}]
              - username: bob
                credentials:
                  key-auth: [{key: "${BOB_KEY}"}]
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
        int dead;
        try (ServerSocket socket = new ServerSocket(0)) {
            dead = socket.getLocalPort(); // closed again: connections to it are refused
        }
        Map<String, String> variables = Map.of("ORIGIN", "127.0.0.1:" + origin.port(), "PREFIX", PREFIX,
                "ALICE_KEY", ALICE_KEY, "BOB_KEY", BOB_KEY, "DEAD", Integer.toString(dead));
        // Each start discovers its own plugin types: two nodes with their own Redis clients and local state.
        first = GatewayFixture.start(CONFIG, variables, PluginRegistry.discover());
        second = GatewayFixture.start(CONFIG, variables, PluginRegistry.discover());
        redisClient = RedisClient.create("redis://127.0.0.1:6379");
        connection = redisClient.connect();
        redis = connection.sync();
    }

    @AfterAll
    static void stopAndDeleteTheKeys() throws Exception {
        if (redis != null) {
            RedisTestKeys.deleteUnder(redis, PREFIX);
            connection.close();
            redisClient.shutdown();
        }
        for (AutoCloseable closeable : new AutoCloseable[] {first, second, origin}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    private static HttpResponse<String> get(GatewayFixture gateway, String path, String key) throws Exception {
        return gateway.send(gateway.request(path).header("apikey", key));
    }

    @Test
    void twoGatewaysSharingRedisAllowExactlyTheQuotaInTotal() throws Exception {
        double refusedBefore = refusedOnOrders();
        ExecutorService clients = Executors.newFixedThreadPool(10);
        List<Future<HttpResponse<String>>> responses = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                GatewayFixture node = i % 2 == 0 ? first : second;
                responses.add(clients.submit(() -> get(node, "/orders", ALICE_KEY)));
            }
            int allowed = 0;
            int refused = 0;
            for (Future<HttpResponse<String>> response : responses) {
                int status = response.get().statusCode();
                allowed += status == 200 ? 1 : 0;
                refused += status == 429 ? 1 : 0;
            }
            assertThat(allowed).isEqualTo(5);
            assertThat(refused).isEqualTo(15);
        } finally {
            clients.shutdownNow();
        }
        assertThat(origin.requests("/orders").stream().filter(request -> "alice".equals(request.header("X-Consumer-Username"))))
                .hasSize(5);

        HttpResponse<String> refused = get(second, "/orders", ALICE_KEY);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("X-Quota-Remaining-Day")).hasValue("0");
        assertThat(refused.headers().firstValue("X-Quota-Remaining-Month")).hasValue("995");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refusedOnOrders() - refusedBefore).as("each node counts its own refusals").isEqualTo(16);
    }

    private static double refusedOnOrders() throws Exception {
        // sum: 0 while a node has refused nothing (its series does not exist yet).
        return first.scrapeMetrics().sum("portico_rate_limited_total", "route", "orders", "plugin", "quota")
                + second.scrapeMetrics().sum("portico_rate_limited_total", "route", "orders", "plugin", "quota");
    }

    @Test
    void keysExpireWhenTheirPeriodEnds() throws Exception {
        Instant before = Instant.now();
        assertThat(get(first, "/orders", BOB_KEY).statusCode()).isEqualTo(200);

        List<String> bobsKeys = keys().stream().filter(key -> key.contains("quota:{routes[orders]|bob}:")).toList();

        Instant dayEnd = before.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
        assertThat(bobsKeys).hasSize(2);
        for (String key : bobsKeys) {
            long ttl = redis.ttl(key);
            assertThat(ttl).isPositive();
            if (key.contains(":day:")) {
                assertThat(ttl).isLessThanOrEqualTo(Duration.between(before, dayEnd).toSeconds() + 1);
            } else {
                assertThat(ttl).isLessThanOrEqualTo(Duration.ofDays(31).toSeconds());
            }
        }
    }

    @Test
    void reportsTheSharedCountToEitherGateway() throws Exception {
        get(first, "/orders", BOB_KEY);
        get(second, "/orders", BOB_KEY);

        List<UsageEntry> fromFirst = first.gateway().snapshot().consumerUsage("bob").toCompletableFuture().get();
        List<UsageEntry> fromSecond = second.gateway().snapshot().consumerUsage("bob").toCompletableFuture().get();

        UsageEntry orders = fromFirst.stream().filter(entry -> entry.source().equals("routes[orders]")).findFirst()
                .orElseThrow();
        assertThat(orders.plugin()).isEqualTo("quota");
        @SuppressWarnings("unchecked")
        Map<String, Object> day = (Map<String, Object>) orders.usage().get("day");
        assertThat(((Number) day.get("used")).longValue() + ((Number) day.get("remaining")).longValue()).isEqualTo(5);
        assertThat(((Number) day.get("used")).longValue()).isGreaterThanOrEqualTo(2);
        assertThat(fromSecond).filteredOn(entry -> entry.source().equals("routes[orders]"))
                .extracting(UsageEntry::usage).containsExactly(orders.usage());
        // The quotas whose Redis is unreachable say so instead of inventing a count.
        assertThat(fromFirst).filteredOn(entry -> entry.source().equals("routes[strict]"))
                .extracting(UsageEntry::usage).containsExactly(Map.of("error", "unavailable"));
    }

    @Test
    void whenRedisCannotCountOnRedisFailureDecides() throws Exception {
        HttpResponse<String> strict = get(first, "/strict", ALICE_KEY);
        HttpResponse<String> lenient = get(first, "/lenient", ALICE_KEY);

        assertThat(strict.statusCode()).isEqualTo(503);
        assertThat(strict.body()).contains("\"error\":\"service_unavailable\"");
        assertThat(lenient.statusCode()).isEqualTo(200);
        assertThat(lenient.headers().firstValue("X-Quota-Remaining-Day")).isEmpty();
    }

    private static List<String> keys() {
        return RedisTestKeys.under(redis, PREFIX);
    }
}
