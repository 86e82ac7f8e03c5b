package io.portico.plugins.httplog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.portico.plugin.Completed;
import io.portico.plugin.Plugin;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugin.testing.TestExchange;
import io.portico.plugin.testing.TestPluginContext;
import io.portico.plugin.testing.TestResponse;
import io.portico.plugins.logging.LogMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The http-log type and its sender against real endpoints: batches, retries, give-ups, close. */
class HttpLogSenderIT {

    private final HttpLogPluginType type = new HttpLogPluginType();
    private final TestPluginContext context = new TestPluginContext();

    @AfterEach
    void closeType() {
        type.close();
    }

    @Test
    void postsJsonArraysWithTheConfiguredMethodHeadersAndBasicCredentials() throws Exception {
        try (LogReceiver receiver = LogReceiver.start()) {
            String url = receiver.uri("/in?source=portico").toString().replace("http://", "http://logger:s%40fe@");
            Plugin plugin = plugin(Map.of("http_endpoint", url, "method", "PUT", "headers", Map.of("X-Api-Token", "t-42"),
                    "queue", Map.of("max_batch_size", 4, "max_coalescing_delay", "50ms")));

            for (int i = 0; i < 10; i++) {
                handle(plugin, "r-" + i);
            }

            assertThat(receiver.awaitDelivered(10)).containsExactly("r-0", "r-1", "r-2", "r-3", "r-4", "r-5", "r-6",
                    "r-7", "r-8", "r-9");
            LogReceiver.Received first = receiver.received().get(0);
            assertThat(first.method()).isEqualTo("PUT");
            assertThat(first.path()).isEqualTo("/in?source=portico");
            assertThat(first.header("Content-Type")).isEqualTo("application/json");
            assertThat(first.header("X-Api-Token")).isEqualTo("t-42");
            assertThat(first.header("Authorization")).isEqualTo("Basic "
                    + Base64.getEncoder().encodeToString("logger:s@fe".getBytes(StandardCharsets.UTF_8)));
            assertThat(receiver.received()).allSatisfy(batch -> assertThat(batch.requestIds().size()).isBetween(1, 4));
            await().atMost(Duration.ofSeconds(5)).until(() -> written() == 10);
        }
    }

    @Test
    void retriesABatchAnswered500And429ThenDeliversIt() throws Exception {
        try (LogReceiver receiver = LogReceiver.start().answer(500, 429)) {
            Plugin plugin = plugin(Map.of("http_endpoint", receiver.uri("/in").toString(),
                    "queue", Map.of("max_coalescing_delay", "50ms", "initial_retry_delay", "20ms")));

            handle(plugin, "a");
            handle(plugin, "b");

            assertThat(receiver.awaitDelivered(2)).containsExactly("a", "b");
            List<LogReceiver.Received> posts = receiver.received();
            assertThat(posts).extracting(LogReceiver.Received::answeredStatus).containsExactly(500, 429, 200);
            assertThat(posts).extracting(LogReceiver.Received::requestIds).containsOnly(List.of("a", "b"));
            assertThat(new String(posts.get(0).body(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(posts.get(2).body(), StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(5)).until(() -> written() == 2);
            assertThat(dropped("send_failed")).isZero();
        }
    }

    @Test
    void dropsAndCountsABatchRefusedWith400WithoutRetrying() throws Exception {
        try (LogReceiver receiver = LogReceiver.start().answer(400)) {
            Plugin plugin = plugin(Map.of("http_endpoint", receiver.uri("/in").toString(),
                    "queue", Map.of("max_coalescing_delay", "0", "initial_retry_delay", "10ms")));

            handle(plugin, "refused");
            await().atMost(Duration.ofSeconds(5)).until(() -> dropped("send_failed") == 1);
            handle(plugin, "next");

            assertThat(receiver.awaitDelivered(1)).containsExactly("next");
            assertThat(receiver.received()).extracting(LogReceiver.Received::answeredStatus).containsExactly(400, 200);
        }
    }

    @Test
    void givesUpAfterTheRetryTimeWhenConnectionsAreRefused() {
        Plugin plugin = plugin(Map.of("http_endpoint", DeadEndpoint.refusing("/in").toString(),
                "queue", Map.of("max_coalescing_delay", "0", "max_retry_time", "300ms", "initial_retry_delay", "20ms",
                        "max_retry_delay", "50ms")));

        handle(plugin, "lost-1");

        await().atMost(Duration.ofSeconds(5)).until(() -> dropped("send_failed") == 1);
        assertThat(written()).isZero();
    }

    @Test
    void aSilentEndpointTimesOutAndIsRetried() throws Exception {
        try (DeadEndpoint silent = DeadEndpoint.silent()) {
            Plugin plugin = plugin(Map.of("http_endpoint", silent.uri("/in").toString(), "timeout", "200ms",
                    "queue", Map.of("max_coalescing_delay", "0", "max_retry_time", "1s", "initial_retry_delay", "50ms",
                            "max_retry_delay", "100ms")));

            handle(plugin, "unanswered");

            await().atMost(Duration.ofSeconds(10)).until(() -> dropped("send_failed") == 1);
            assertThat(silent.connections()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void closeDeliversWhatIsQueuedAndTheTypeStartsAfresh() throws Exception {
        try (LogReceiver receiver = LogReceiver.start()) {
            Map<String, Object> config = Map.of("http_endpoint", receiver.uri("/in").toString(),
                    "queue", Map.of("max_batch_size", 1000, "max_coalescing_delay", "10m"));
            Plugin plugin = plugin(config);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                ids.add("queued-" + i);
                handle(plugin, "queued-" + i);
            }

            long start = System.nanoTime();
            type.close();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(receiver.deliveredIds()).isEqualTo(ids);
            assertThat(written()).isEqualTo(250);
            handle(plugin(config), "after-restart");
            handle(plugin(config), "after-restart-2");
            type.close();
            assertThat(receiver.deliveredIds()).endsWith("after-restart", "after-restart-2");
        }
    }

    @Test
    void closeIsBoundedWhenTheEndpointNeverAnswers() throws Exception {
        try (DeadEndpoint silent = DeadEndpoint.silent()) {
            Plugin plugin = plugin(Map.of("http_endpoint", silent.uri("/in").toString(), "timeout", "30s",
                    "queue", Map.of("max_batch_size", 10, "max_coalescing_delay", "0")));
            for (int i = 0; i < 30; i++) {
                handle(plugin, "stuck-" + i);
            }

            long start = System.nanoTime();
            type.close();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(HttpLogPluginType.CLOSE_TIMEOUT.plusSeconds(2));
            await().atMost(Duration.ofSeconds(10)).until(() -> dropped("send_failed") == 30);
            assertThat(written()).isZero();
        }
    }

    private Plugin plugin(Map<String, ?> config) {
        ConfigProbe<HttpLogConfig> probe = ConfigProbe.read(type, config);
        assertThat(probe.problems()).isEmpty();
        return type.create(probe.config(), context);
    }

    private static void handle(Plugin plugin, String requestId) {
        TestExchange exchange = TestExchange.get("/items?apikey=k-secret-1");
        exchange.requestId = requestId;
        TestResponse response = new TestResponse(200);
        plugin.responseHeaders(exchange, response);
        plugin.log(exchange, new Completed(200, "127.0.0.1:9000", 0, 2, 1_000_000, 500_000,
                System.currentTimeMillis() * 1_000_000L, List.of()));
    }

    private double written() {
        return context.metrics.value(LogMetrics.WRITTEN, "http-log");
    }

    private double dropped(String reason) {
        return context.metrics.value(LogMetrics.DROPPED, "http-log", reason);
    }
}
