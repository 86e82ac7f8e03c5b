package io.portico.plugins.proxycache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.portico.plugin.PluginRegistry;
import io.portico.plugins.redis.RedisStore;
import io.portico.plugins.redis.RedisTestKeys;
import io.portico.server.GatewayFixture;
import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * proxy-cache with strategy redis: two real gateways (two nodes, each with its own plugin types and Redis
 * clients) sharing the Redis on localhost:6379 under a prefix of this run's own, deleted afterwards.
 * Every test uses paths of its own.
 */
class RedisProxyCacheIT {

    private static final String PREFIX = "portico-test:" + UUID.randomUUID() + ":";
    private static final String ALICE_KEY = "k-alice-rcache-5e1f";
    private static final String BOB_KEY = "k-bob-rcache-9a2c";
    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"], access_log: off}
            cluster: {redis: "redis://127.0.0.1:6379", redis_prefix: "${PREFIX}"}
            services:
              - {name: origin, url: "http://${ORIGIN}"}
            routes:
              # Paranoid leak detection slows every Redis reply down: a generous timeout keeps these tests
              # about sharing (the unreachable and silent Redis tests are about timeouts).
              - name: cached
                paths: ["/cached"]
                service: origin
                plugins: [{name: proxy-cache, config: {strategy: redis, redis: {timeout: 1s}}}]
              - name: other
                paths: ["/other"]
                service: origin
                plugins: [{name: proxy-cache, config: {strategy: redis, redis: {timeout: 1s}}}]
              - name: private
                paths: ["/private"]
                service: origin
                plugins:
                  - {name: key-auth}
                  - {name: proxy-cache, config: {strategy: redis, redis: {timeout: 1s}}}
            consumers:
              - username: alice
                credentials: {key-auth: [{key: "%s"}]}
              - username: bob
                credentials: {key-auth: [{key: "%s"}]}
            """.formatted(ALICE_KEY, BOB_KEY);

    private static TestOrigin origin;
    private static GatewayFixture nodeA;
    private static GatewayFixture nodeB;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static RedisCommands<String, String> redis;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        origin = TestOrigin.start();
        Map<String, String> variables = Map.of("ORIGIN", "127.0.0.1:" + origin.port(), "PREFIX", PREFIX);
        // Each start discovers its own plugin types: two nodes with their own Redis clients and flights.
        nodeA = GatewayFixture.start(CONFIG, variables, PluginRegistry.discover());
        nodeB = GatewayFixture.start(CONFIG, variables, PluginRegistry.discover());
        client = RedisClient.create("redis://127.0.0.1:6379");
        connection = client.connect();
        redis = connection.sync();
    }

    @AfterAll
    static void stopAndDeleteTheKeys() throws Exception {
        RedisTestKeys.deleteUnder(redis, PREFIX);
        connection.close();
        client.shutdown();
        for (AutoCloseable closeable : new AutoCloseable[] {nodeA, nodeB, origin}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    private static Reply text(String body, String... headers) {
        Reply reply = Reply.status(200).header("content-type", "text/plain").body(body);
        for (int i = 0; i < headers.length; i += 2) {
            reply = reply.header(headers[i], headers[i + 1]);
        }
        return reply;
    }

    private static String cacheStatus(HttpResponse<String> response) {
        return response.headers().firstValue("x-cache-status").orElse(null);
    }

    /** A store is fire and forget: waits until the copy a response announced is in Redis. */
    private static void awaitStored(HttpResponse<String> response) {
        String key = response.headers().firstValue("x-cache-key").orElseThrow();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> redis.exists(PREFIX + "cache:" + key) == 1);
    }

    @Test
    void aCopyStoredThroughOneNodeIsAHitOnTheOther() throws Exception {
        origin.route("/shared", text("stored by A", "etag", "\"a\""));

        HttpResponse<String> miss = nodeA.get("/cached/shared");
        awaitStored(miss);
        HttpResponse<String> hit = nodeB.get("/cached/shared");

        assertThat(cacheStatus(miss)).isEqualTo("Miss");
        assertThat(cacheStatus(hit)).isEqualTo("Hit");
        assertThat(hit.body()).isEqualTo("stored by A");
        assertThat(hit.headers().firstValue("etag")).hasValue("\"a\"");
        assertThat(hit.headers().firstValue("age")).isPresent();
        assertThat(hit.headers().firstValue("x-cache-key")).isEqualTo(miss.headers().firstValue("x-cache-key"));
        assertThat(origin.requests("/shared")).hasSize(1);
    }

    @Test
    void collapsesAHundredConcurrentMissesOnANodeIntoOneUpstreamRequest() {
        origin.route("/busy", text("computed once").headerDelay(Duration.ofMillis(500)));

        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            responses.add(nodeA.client().sendAsync(nodeA.request("/cached/busy").build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<String> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            HttpResponse<String> done = response.join();
            assertThat(done.statusCode()).isEqualTo(200);
            assertThat(done.body()).isEqualTo("computed once");
            statuses.add(cacheStatus(done));
        }

        assertThat(origin.requests("/busy")).hasSize(1);
        assertThat(statuses).containsOnlyOnce("Miss");
        assertThat(statuses).filteredOn("Hit"::equals).hasSize(99);
    }

    @Test
    void neverServesOneConsumersCopyToAnother() throws Exception {
        origin.route("/mine", text("personal", "cache-control", "public, max-age=60"));

        HttpResponse<String> alice = nodeA.send(nodeA.request("/private/mine").header("apikey", ALICE_KEY));
        awaitStored(alice);
        HttpResponse<String> bob = nodeB.send(nodeB.request("/private/mine").header("apikey", BOB_KEY));
        awaitStored(bob);
        HttpResponse<String> aliceOnB = nodeB.send(nodeB.request("/private/mine").header("apikey", ALICE_KEY));
        HttpResponse<String> bobOnA = nodeA.send(nodeA.request("/private/mine").header("apikey", BOB_KEY));

        assertThat(cacheStatus(alice)).isEqualTo("Miss");
        assertThat(cacheStatus(bob)).isEqualTo("Miss");
        assertThat(cacheStatus(aliceOnB)).isEqualTo("Hit");
        assertThat(cacheStatus(bobOnA)).isEqualTo("Hit");
        assertThat(origin.requests("/mine")).extracting(request -> request.header("x-consumer-username"))
                .containsExactly("alice", "bob");
        assertThat(nodeB.get("/private/mine").statusCode()).isEqualTo(401);
    }

    @Test
    void neverServesOneRoutesCopyToAnother() throws Exception {
        origin.route("/same", text("same upstream path"));

        HttpResponse<String> first = nodeA.get("/cached/same");
        awaitStored(first);
        HttpResponse<String> second = nodeB.get("/other/same");

        assertThat(cacheStatus(first)).isEqualTo("Miss");
        assertThat(cacheStatus(second)).isEqualTo("Miss");
        assertThat(origin.requests("/same")).hasSize(2);
    }

    @Test
    void keepsOneVariantPerVaryHeaderValueAcrossNodes() throws Exception {
        origin.route("/greeting", text("bonjour", "vary", "Accept-Language"));

        HttpResponse<String> french = nodeA.send(nodeA.request("/cached/greeting").header("accept-language", "fr"));
        awaitStored(french);
        HttpResponse<String> frenchOnB = nodeB.send(nodeB.request("/cached/greeting").header("accept-language", "fr"));
        HttpResponse<String> englishOnB = nodeB.send(nodeB.request("/cached/greeting").header("accept-language", "en"));

        assertThat(cacheStatus(frenchOnB)).isEqualTo("Hit");
        assertThat(cacheStatus(englishOnB)).isEqualTo("Miss");
        assertThat(origin.requests("/greeting")).hasSize(2);
    }

    @Test
    void anUnreachableRedisMakesEveryRequestAPromptMiss() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Logger logger = (Logger) LoggerFactory.getLogger(RedisStore.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try (GatewayFixture lonely = startWithRedisAt(":s3cret-password@127.0.0.1:" + closedPort)) {
            origin.route("/down", text("from the origin"));

            assertEveryRequestIsAPromptMiss(lonely, "/down");
            assertThat(lonely.scrapeMetrics().sum("portico_cache_requests_total", "route", "alone", "result", "miss"))
                    .isEqualTo(20);
        } finally {
            logger.detachAppender(logged);
        }
        List<String> messages = logged.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(message -> message.startsWith("proxy-cache:")).toList();
        assertThat(messages).filteredOn(message -> message.contains("failed 3 times in a row")).hasSize(1);
        assertThat(messages).noneMatch(message -> message.contains("s3cret"));
    }

    @Test
    void aRedisThatNeverAnswersDelaysRequestsByItsTimeoutAtMost() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            List<Socket> accepted = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // accepts, reads nothing, answers nothing
                    }
                } catch (IOException closed) {
                    // The test is over.
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try (GatewayFixture stuck = startWithRedisAt("127.0.0.1:" + silent.getLocalPort())) {
                origin.route("/silent", text("from the origin"));

                assertEveryRequestIsAPromptMiss(stuck, "/silent");
            } finally {
                for (Socket socket : accepted) {
                    closeQuietly(socket);
                }
            }
        }
    }

    /** @param authority {@code [:password@]host:port} */
    private static GatewayFixture startWithRedisAt(String authority) throws Exception {
        return GatewayFixture.start("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"], access_log: off}
                services: [{name: origin, url: "http://${ORIGIN}"}]
                routes:
                  - name: alone
                    paths: ["/"]
                    service: origin
                    plugins:
                      - {name: proxy-cache, config: {strategy: redis, redis: {url: "redis://${AUTHORITY}", timeout: 200ms}}}
                """, Map.of("ORIGIN", "127.0.0.1:" + origin.port(), "AUTHORITY", authority),
                PluginRegistry.discover());
    }

    /** Twenty requests in a row: each proxied (200, Miss) within the Redis timeout plus slack, none stored. */
    private static void assertEveryRequestIsAPromptMiss(GatewayFixture gateway, String path) throws Exception {
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = gateway.get(path);
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("from the origin");
            assertThat(cacheStatus(response)).isEqualTo("Miss");
            // 200ms of timeout; the rest is slack for a loaded machine under paranoid leak detection.
            assertThat(millis).as("request %d took %d ms", i, millis).isLessThan(1_500);
        }
        assertThat(origin.requests(path)).hasSize(20);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a socket the gateway may have closed already.
        }
    }
}
