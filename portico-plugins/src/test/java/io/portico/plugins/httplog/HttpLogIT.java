package io.portico.plugins.httplog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.plugin.PluginRegistry;
import io.portico.plugins.logging.LogMetrics;
import io.portico.server.GatewayFixture;
import io.portico.testing.TestOrigin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** http-log in a real gateway, in front of a real origin, sending to real (and badly behaved) endpoints. */
class HttpLogIT {

    private static final String ALICE_KEY = "k-alice-5c3e1a9f7b2d4e6c8a0f2b4d6e8c1a3f";

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            services:
              - {name: echo, url: "http://${ORIGIN}"}
            routes:
              - {name: open, paths: ["/open"], service: echo, strip_path: false}
              - {name: keyed, paths: ["/keyed"], service: echo, strip_path: false, plugins: [{name: key-auth}]}
            consumers:
              - username: alice
                credentials:
                  key-auth: [{key: "${ALICE_KEY}"}]
            plugins:
              - name: http-log
                config:
                  http_endpoint: "${ENDPOINT}"
                  timeout: "${TIMEOUT}"
                  queue:
                    max_batch_size: "${BATCH}"
                    max_coalescing_delay: "${COALESCING}"
                    max_entries: "${MAX_ENTRIES}"
                    max_retry_time: "${RETRY_TIME}"
                    initial_retry_delay: 20ms
                    max_retry_delay: 200ms
            """;

    @Test
    void deliversBatchesWithTheEntriesOfKnownRequests() throws Exception {
        try (LogReceiver receiver = LogReceiver.start(); TestOrigin origin = TestOrigin.start();
                GatewayFixture portico = start(origin, receiver.uri("/logs"), settings())) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                ids.add("it-" + i);
                assertThat(portico.send(portico.request("/open/" + i).header("X-Request-Id", "it-" + i)).statusCode())
                        .isEqualTo(200);
            }
            HttpResponse<String> keyed = portico.send(portico.request("/keyed/x?apikey=" + ALICE_KEY)
                    .header("X-Request-Id", "it-keyed"));
            HttpResponse<String> refused = portico.send(portico.request("/keyed/x").header("X-Request-Id", "it-401"));
            ids.add("it-keyed");
            ids.add("it-401");

            assertThat(keyed.statusCode()).isEqualTo(200);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(receiver.awaitDelivered(14)).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(receiver.received()).allSatisfy(batch -> {
                assertThat(batch.method()).isEqualTo("POST");
                assertThat(batch.path()).isEqualTo("/logs");
                assertThat(batch.header("Content-Type")).isEqualTo("application/json");
                assertThat(batch.json().isArray()).isTrue();
                assertThat(batch.json().size()).isBetween(1, 5);
            });
            JsonNode first = entry(receiver, "it-0");
            assertThat(first.at("/request/uri").asText()).isEqualTo("/open/0");
            assertThat(first.at("/response/status").asInt()).isEqualTo(200);
            assertThat(first.at("/route/name").asText()).isEqualTo("open");
            assertThat(first.at("/upstream/target").asText()).isEqualTo("127.0.0.1:" + origin.port());
            JsonNode withKey = entry(receiver, "it-keyed");
            assertThat(withKey.at("/request/uri").asText()).isEqualTo("/keyed/x?apikey=***");
            assertThat(withKey.at("/consumer/username").asText()).isEqualTo("alice");
            JsonNode unauthorized = entry(receiver, "it-401");
            assertThat(unauthorized.at("/response/status").asInt()).isEqualTo(401);
            assertThat(unauthorized.get("upstream").isNull()).isTrue();
            for (LogReceiver.Received batch : receiver.received()) {
                assertThat(new String(batch.body(), StandardCharsets.UTF_8)).doesNotContain(ALICE_KEY);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> written(portico) == 14);
        }
    }

    @Test
    void aBatchAnswered500IsSentAgain() throws Exception {
        try (LogReceiver receiver = LogReceiver.start().answer(500); TestOrigin origin = TestOrigin.start();
                GatewayFixture portico = start(origin, receiver.uri("/logs"), settings())) {
            portico.send(portico.request("/open/a").header("X-Request-Id", "retry-a"));
            portico.send(portico.request("/open/b").header("X-Request-Id", "retry-b"));

            assertThat(receiver.awaitDelivered(2)).containsExactlyInAnyOrder("retry-a", "retry-b");
            // However the two entries were batched, the batch refused with 500 comes again, unchanged.
            List<LogReceiver.Received> posts = receiver.received();
            assertThat(posts.get(0).answeredStatus()).isEqualTo(500);
            assertThat(posts.get(1).answeredStatus()).isEqualTo(200);
            assertThat(posts.get(1).body()).isEqualTo(posts.get(0).body());
            await().atMost(Duration.ofSeconds(5)).until(() -> written(portico) == 2);
            assertThat(dropped(portico, "send_failed")).isZero();
        }
    }

    @Test
    void aSlowReceiverNeverSlowsTheProxy() throws Exception {
        Duration receiverDelay = Duration.ofSeconds(3);
        try (LogReceiver receiver = LogReceiver.start().answerAfter(receiverDelay); TestOrigin origin = TestOrigin.start();
                GatewayFixture portico = start(origin, receiver.uri("/logs"),
                        settings().with("TIMEOUT", "10s").with("BATCH", "10").with("MAX_ENTRIES", "50"))) {
            List<Long> millis = requests(portico, 1000, 4);

            assertThat(millis).hasSize(1000);
            assertThat(millis.stream().mapToLong(Long::longValue).max().orElseThrow())
                    .isLessThan(receiverDelay.toMillis() / 3);
            assertThat(dropped(portico, "queue_full")).isGreaterThan(0);
        }
    }

    @Test
    void aReceiverThatNeverAnswersNeverSlowsTheProxy() throws Exception {
        try (DeadEndpoint silent = DeadEndpoint.silent(); TestOrigin origin = TestOrigin.start();
                GatewayFixture portico = start(origin, silent.uri("/logs"),
                        settings().with("TIMEOUT", "5s").with("BATCH", "10").with("MAX_ENTRIES", "50"))) {
            List<Long> millis = requests(portico, 1000, 4);

            assertThat(millis.stream().mapToLong(Long::longValue).max().orElseThrow()).isLessThan(1000);
            assertThat(dropped(portico, "queue_full")).isGreaterThan(0);
            assertThat(silent.connections()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void aReceiverThatRefusesConnectionsNeverSlowsTheProxy() throws Exception {
        try (TestOrigin origin = TestOrigin.start();
                GatewayFixture portico = start(origin, DeadEndpoint.refusing("/logs"),
                        settings().with("BATCH", "10").with("MAX_ENTRIES", "50").with("RETRY_TIME", "300ms"))) {
            List<Long> millis = requests(portico, 1000, 4);

            assertThat(millis.stream().mapToLong(Long::longValue).max().orElseThrow()).isLessThan(1000);
            await().atMost(Duration.ofSeconds(10)).until(() -> dropped(portico, "send_failed") > 0);
            assertThat(dropped(portico, "queue_full")).isGreaterThan(0);
            assertThat(written(portico)).isZero();
        }
    }

    @Test
    void stoppingTheGatewayDeliversWhatIsQueued() throws Exception {
        try (LogReceiver receiver = LogReceiver.start(); TestOrigin origin = TestOrigin.start()) {
            GatewayFixture portico = start(origin, receiver.uri("/logs"),
                    settings().with("BATCH", "1000").with("COALESCING", "10m"));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ids.add("queued-" + i);
                portico.send(portico.request("/open/" + i).header("X-Request-Id", "queued-" + i));
            }
            assertThat(receiver.received()).isEmpty();

            portico.close();

            assertThat(receiver.deliveredIds()).containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    @Test
    void aReloadKeepsTheSenderAndWhatItHolds() throws Exception {
        try (LogReceiver receiver = LogReceiver.start(); TestOrigin origin = TestOrigin.start()) {
            Settings settings = settings().with("BATCH", "1000").with("COALESCING", "10m");
            GatewayFixture portico = start(origin, receiver.uri("/logs"), settings);
            for (int i = 0; i < 5; i++) {
                portico.send(portico.request("/open/" + i).header("X-Request-Id", "before-" + i));
            }

            portico.apply(CONFIG.replace("name: open,", "name: opened,"), variables(origin, receiver.uri("/logs"), settings));
            for (int i = 0; i < 5; i++) {
                portico.send(portico.request("/open/" + i).header("X-Request-Id", "after-" + i));
            }
            portico.close();

            // One sender, one queue: the ten entries, from both configurations, arrive in one batch.
            assertThat(receiver.received()).hasSize(1);
            assertThat(receiver.received().get(0).requestIds()).hasSize(10);
            assertThat(entry(receiver, "after-0").at("/route/name").asText()).isEqualTo("opened");
            assertThat(entry(receiver, "before-0").at("/route/name").asText()).isEqualTo("open");
        }
    }

    private static GatewayFixture start(TestOrigin origin, URI endpoint, Settings settings) throws Exception {
        return GatewayFixture.start(CONFIG, variables(origin, endpoint, settings), PluginRegistry.discover());
    }

    private static Map<String, String> variables(TestOrigin origin, URI endpoint, Settings settings) {
        Map<String, String> variables = new HashMap<>(settings.values);
        variables.put("ORIGIN", "127.0.0.1:" + origin.port());
        variables.put("ENDPOINT", endpoint.toString());
        variables.put("ALICE_KEY", ALICE_KEY);
        return variables;
    }

    private static Settings settings() {
        return new Settings(Map.of("TIMEOUT", "2s", "BATCH", "5", "COALESCING", "50ms", "MAX_ENTRIES", "10000",
                "RETRY_TIME", "10s"));
    }

    /** Values for the http-log block of {@link #CONFIG}. */
    private record Settings(Map<String, String> values) {
        Settings with(String name, String value) {
            Map<String, String> more = new HashMap<>(values);
            more.put(name, value);
            return new Settings(more);
        }
    }

    /** Sends {@code count} GETs from {@code clients} threads; each must be answered 200. Returns each one's time in ms. */
    private static List<Long> requests(GatewayFixture portico, int count, int clients) throws Exception {
        List<CompletableFuture<List<Long>>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            running.add(CompletableFuture.supplyAsync(() -> {
                List<Long> millis = new ArrayList<>();
                for (int i = client; i < count; i += clients) {
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> response = portico.get("/open/load-" + i);
                        assertThat(response.statusCode()).isEqualTo(200);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                }
                return millis;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (CompletableFuture<List<Long>> client : running) {
            all.addAll(client.get(60, TimeUnit.SECONDS));
        }
        return all;
    }

    private static JsonNode entry(LogReceiver receiver, String requestId) {
        for (LogReceiver.Received batch : receiver.received()) {
            for (JsonNode entry : batch.json()) {
                if (entry.get("request_id").asText().equals(requestId)) {
                    return entry;
                }
            }
        }
        throw new AssertionError("no entry for " + requestId);
    }

    /** Entries delivered, as {@code GET /metrics} shows them (0 before the first). */
    private static double written(GatewayFixture portico) {
        return portico.scrapeMetrics().sum(LogMetrics.WRITTEN, "plugin", "http-log");
    }

    /** Entries dropped for {@code reason}, as {@code GET /metrics} shows them (0 before the first). */
    private static double dropped(GatewayFixture portico, String reason) {
        return portico.scrapeMetrics().sum(LogMetrics.DROPPED, "plugin", "http-log", "reason", reason);
    }
}
