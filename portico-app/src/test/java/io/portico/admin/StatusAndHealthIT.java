package io.portico.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portico.observability.ConfigLoads;
import io.portico.plugin.PluginRegistry;
import io.portico.server.GatewayFixture;
import io.portico.testing.RawHttpClient;
import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /status} and the health endpoints over real sockets, through a drain. */
class StatusAndHealthIT {

    private static final String TOKEN = "status-and-health-token";
    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"], access_log: off, workers: 1}
            admin: {listen: "127.0.0.1:0", token: "${TOKEN}"}
            services: [{name: svc, url: "http://${ORIGIN}"}]
            routes: [{name: all, paths: ["/"], service: svc}]
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private TestOrigin origin;
    private GatewayFixture gateway;
    private ConfigLoads loads;
    private AdminServer admin;

    @BeforeEach
    void start() throws Exception {
        origin = TestOrigin.start();
        origin.route("/slow", Reply.status(200).body("late").headerDelay(Duration.ofSeconds(2)));
        gateway = GatewayFixture.start(CONFIG, Map.of("TOKEN", TOKEN, "ORIGIN", "127.0.0.1:" + origin.port()),
                PluginRegistry.empty());
        loads = ConfigLoads.initial("/etc/portico/portico.yaml", CONFIG.getBytes(StandardCharsets.UTF_8));
        admin = TestAdmin.start(gateway, loads);
    }

    @AfterEach
    void stop() {
        admin.close();
        gateway.close();
        origin.close();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send(path, "GET", token);
    }

    private HttpResponse<String> send(String path, String method, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode status() throws Exception {
        HttpResponse<String> response = get("/status", TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        return JSON.readTree(response.body());
    }

    @Test
    void statusReportsVersionUptimeConfigurationConnectionsAndRequests() throws Exception {
        try (RawHttpClient keepAlive = RawHttpClient.connect(gateway.port())) {
            for (int i = 0; i < 5; i++) {
                assertThat(keepAlive.exchange("GET /n HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
            }

            JsonNode status = status();

            assertThat(fieldNames(status)).isEqualTo("version,started_at,uptime_seconds,config,connections,"
                    + "requests_total,draining");
            assertThat(status.get("version").asText()).isEqualTo(TestAdmin.VERSION);
            assertThat(Instant.parse(status.get("started_at").asText()))
                    .isEqualTo(gateway.gateway().startedAt().truncatedTo(ChronoUnit.MILLIS));
            assertThat(status.get("uptime_seconds").isIntegralNumber()).isTrue();
            assertThat(status.get("uptime_seconds").asLong()).isBetween(0L, Duration.between(
                    gateway.gateway().startedAt(), Instant.now()).toSeconds());
            assertThat(status.get("config").get("hash").asText())
                    .isEqualTo("sha256:" + TestOrigin.sha256Hex(CONFIG.getBytes(StandardCharsets.UTF_8)));
            assertThat(Instant.parse(status.get("config").get("loaded_at").asText()))
                    .isEqualTo(loads.current().at().truncatedTo(ChronoUnit.MILLIS));
            assertThat(status.get("config").get("source").asText()).isEqualTo("/etc/portico/portico.yaml");
            assertThat(status.get("connections").toString()).isEqualTo("{\"open\":1,\"active\":0,\"idle\":1}");
            assertThat(status.get("requests_total").asLong()).isEqualTo(5);
            assertThat(status.get("draining").asBoolean()).isFalse();
        }
    }

    @Test
    void statusShowsTheLoadOfTheLastSuccessfulReload() throws Exception {
        String before = status().get("config").get("hash").asText();
        byte[] next = (CONFIG + "# edited\n").getBytes(StandardCharsets.UTF_8);

        loads.reloadFailed();
        String afterFailure = status().get("config").get("hash").asText();
        loads.reloaded("/etc/portico/portico.yaml", next);
        JsonNode after = status();

        assertThat(afterFailure).isEqualTo(before);
        assertThat(after.get("config").get("hash").asText()).isEqualTo("sha256:" + TestOrigin.sha256Hex(next))
                .isNotEqualTo(before);
        assertThat(Instant.parse(after.get("config").get("loaded_at").asText()))
                .isEqualTo(loads.current().at().truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void healthEndpointsAnswerWithoutTheTokenAndTellNothingElse() throws Exception {
        HttpResponse<String> health = get("/health", null);
        HttpResponse<String> live = get("/health/live", null);
        HttpResponse<String> ready = get("/health/ready?verbose=1", null);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"ok\",\"live\":true,\"ready\":true}\n");
        assertThat(health.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(health.headers().firstValue("cache-control")).hasValue("no-store");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("{\"status\":\"ok\",\"live\":true}\n");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"ok\",\"ready\":true}\n");
        assertThat(send("/health", "HEAD", null).statusCode()).isEqualTo(200);
        assertThat(send("/health", "POST", null).statusCode()).isEqualTo(405);
    }

    @Test
    void everythingButHealthStillNeedsTheToken() throws Exception {
        for (String path : new String[] {"/metrics", "/status", "/health/other", "/healthz", "/routes/all/chain"}) {
            HttpResponse<String> anonymous = get(path, null);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(anonymous.body()).as(path).contains("\"error\":\"unauthorized\"");
        }
        assertThat(get("/metrics", TOKEN).statusCode()).isEqualTo(200);
        assertThat(get("/status", TOKEN).statusCode()).isEqualTo(200);
        assertThat(get("/health/other", TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void healthTurnsNotReadyOnceTheDrainBeginsWhileLivenessHolds() throws Exception {
        try (RawHttpClient slow = RawHttpClient.connect(gateway.port())) {
            slow.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            origin.awaitRequests(1);

            CompletableFuture<Void> drain = CompletableFuture.runAsync(
                    () -> gateway.gateway().shutdown(Duration.ofSeconds(10)));

            Awaitility.await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                    .untilAsserted(() -> assertThat(get("/health", null).statusCode()).isEqualTo(503));
            assertThat(drain).isNotDone();
            assertThat(get("/health", null).body()).isEqualTo("{\"status\":\"draining\",\"live\":true,\"ready\":false}\n");
            assertThat(get("/health/ready", null).statusCode()).isEqualTo(503);
            assertThat(get("/health/ready", null).body()).isEqualTo("{\"status\":\"draining\",\"ready\":false}\n");
            assertThat(get("/health/live", null).statusCode()).isEqualTo(200);
            JsonNode status = status();
            assertThat(status.get("draining").asBoolean()).isTrue();
            assertThat(status.get("connections").get("active").asInt()).isEqualTo(1);

            assertThat(slow.readResponse().status()).isEqualTo(200);
            drain.get(10, TimeUnit.SECONDS);
        }
    }

    private static String fieldNames(JsonNode node) {
        StringBuilder names = new StringBuilder();
        node.fieldNames().forEachRemaining(name -> names.append(names.isEmpty() ? "" : ",").append(name));
        return names.toString();
    }
}
