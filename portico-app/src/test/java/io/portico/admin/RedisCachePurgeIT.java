package io.portico.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.portico.plugin.PluginRegistry;
import io.portico.server.GatewayFixture;
import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /cache/purge} with proxy-cache's redis strategy: two real gateways, each with its admin API,
 * share copies in the Redis on localhost:6379 (under a prefix of each test's own, deleted afterwards), so
 * that a purge sent to either node removes the copy for both.
 */
class RedisCachePurgeIT {

    private static final String TOKEN = "purge-admin-token-7c3d";
    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"], access_log: off}
            admin: {listen: "127.0.0.1:0", token: "${TOKEN}"}
            cluster: {redis: "redis://127.0.0.1:6379", redis_prefix: "${PREFIX}"}
            services: [{name: origin, url: "http://${ORIGIN}"}]
            routes:
              - {name: products, paths: [/products], service: origin, strip_path: false}
              - {name: news, paths: [/news], service: origin, strip_path: false}
            plugins:
              # A generous timeout: paranoid leak detection slows every Redis reply down.
              - {name: proxy-cache, config: {strategy: redis, redis: {timeout: 1s}}}
            """;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String prefix = "portico-test:" + UUID.randomUUID() + ":";
    private TestOrigin origin;
    private GatewayFixture nodeA;
    private GatewayFixture nodeB;
    private AdminServer adminA;
    private AdminServer adminB;
    private RedisClient redisClient;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> redis;

    @BeforeEach
    void start() throws Exception {
        origin = TestOrigin.start();
        origin.route("/products/1", text().header("cache-tag", "product-1, catalog"));
        origin.route("/products/2", text().header("surrogate-key", "product-2 catalog"));
        origin.route("/products/3", text().header("cache-tag", "product-3"));
        origin.route("/news", text());
        Map<String, String> variables = Map.of("TOKEN", TOKEN, "ORIGIN", "127.0.0.1:" + origin.port(), "PREFIX", prefix);
        // Each start discovers its own plugin types: two nodes with their own Redis clients.
        nodeA = GatewayFixture.start(CONFIG, variables, PluginRegistry.discover());
        nodeB = GatewayFixture.start(CONFIG, variables, PluginRegistry.discover());
        adminA = TestAdmin.start(nodeA);
        adminB = TestAdmin.start(nodeB);
        redisClient = RedisClient.create("redis://127.0.0.1:6379");
        connection = redisClient.connect();
        redis = connection.sync();
    }

    @AfterEach
    void stop() {
        List<String> keys = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        if (!keys.isEmpty()) {
            redis.del(keys.toArray(new String[0]));
        }
        connection.close();
        redisClient.shutdown();
        adminA.close();
        adminB.close();
        nodeA.close();
        nodeB.close();
        origin.close();
    }

    private static Reply text() {
        return Reply.status(200).header("content-type", "text/plain").body("copy");
    }

    private static String cacheStatus(GatewayFixture node, String path) throws Exception {
        return node.get(path).headers().firstValue("x-cache-status").orElseThrow();
    }

    private HttpResponse<String> purge(AdminServer admin, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + "/cache/purge"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Stores each path through node A and waits until node B hits it: the copies are shared. */
    private void prime(String... paths) throws Exception {
        for (String path : paths) {
            HttpResponse<String> miss = nodeA.get(path);
            assertThat(miss.headers().firstValue("x-cache-status")).hasValue("Miss");
            String key = miss.headers().firstValue("x-cache-key").orElseThrow();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                    .until(() -> redis.exists(prefix + "cache:" + key) == 1);
            assertThat(cacheStatus(nodeB, path)).isEqualTo("Hit");
        }
    }

    @Test
    void aCopyStoredThroughOneNodeIsAHitOnTheOtherAndTheOriginIsAskedOnce() throws Exception {
        prime("/products/1");

        assertThat(cacheStatus(nodeA, "/products/1")).isEqualTo("Hit");
        assertThat(origin.requests("/products/1")).hasSize(1);
    }

    @Test
    void aPurgeByTagSentToOneNodeReachesTheOther() throws Exception {
        prime("/products/1", "/products/2", "/products/3");

        HttpResponse<String> response = purge(adminB, "{\"tag\": \"catalog\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"tag\":\"catalog\",\"purged\":2}\n");
        assertThat(cacheStatus(nodeA, "/products/1")).isEqualTo("Miss");
        assertThat(cacheStatus(nodeA, "/products/2")).isEqualTo("Miss");
        assertThat(cacheStatus(nodeA, "/products/3")).isEqualTo("Hit");
    }

    @Test
    void aPurgeByRouteSentToOneNodeReachesTheOther() throws Exception {
        prime("/products/1", "/products/2", "/news");

        HttpResponse<String> response = purge(adminB, "{\"route\": \"products\"}");

        assertThat(response.body()).isEqualTo("{\"route\":\"products\",\"purged\":2}\n");
        assertThat(cacheStatus(nodeA, "/products/1")).isEqualTo("Miss");
        assertThat(cacheStatus(nodeA, "/products/2")).isEqualTo("Miss");
        assertThat(cacheStatus(nodeA, "/news")).isEqualTo("Hit");
    }

    @Test
    void aPurgeByKeySentToOneNodeReachesTheOther() throws Exception {
        prime("/products/1", "/products/3");
        String key = nodeA.get("/products/1").headers().firstValue("x-cache-key").orElseThrow();

        HttpResponse<String> response = purge(adminA, "{\"key\": \"" + key + "\"}");

        assertThat(response.body()).isEqualTo("{\"key\":\"" + key + "\",\"purged\":1}\n");
        assertThat(purge(adminB, "{\"key\": \"" + key + "\"}").body()).as("already gone")
                .isEqualTo("{\"key\":\"" + key + "\",\"purged\":0}\n");
        assertThat(cacheStatus(nodeB, "/products/1")).isEqualTo("Miss");
        assertThat(cacheStatus(nodeB, "/products/3")).isEqualTo("Hit");
    }

    @Test
    void aPurgeThatCannotReachRedisIsAnErrorNotAZero() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String config = CONFIG.replace("redis: {timeout: 1s}", "redis: {url: \"redis://127.0.0.1:" + closedPort + "\"}");
        try (GatewayFixture lonely = GatewayFixture.start(config, Map.of("TOKEN", TOKEN, "ORIGIN",
                "127.0.0.1:" + origin.port(), "PREFIX", prefix), PluginRegistry.discover());
             AdminServer admin = TestAdmin.start(lonely)) {

            HttpResponse<String> response = purge(admin, "{\"tag\": \"catalog\"}");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("\"error\":\"service_unavailable\"");
        }
    }
}
