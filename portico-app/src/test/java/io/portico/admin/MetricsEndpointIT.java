package io.portico.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.PluginRegistry;
import io.portico.server.GatewayFixture;
import io.portico.testing.PrometheusScrape;
import io.portico.testing.RawHttpClient;
import io.portico.testing.Reply;
import io.portico.testing.StallPluginType;
import io.portico.testing.TestOrigin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} over real sockets: scraped, parsed and checked against what the gateway went through. */
class MetricsEndpointIT {

    private static final String TOKEN = "metrics-scrape-token";

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private GatewayFixture gateway;
    private AdminServer admin;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        resources.add(resource);
        return resource;
    }

    private TestOrigin origin() {
        return closeLater(TestOrigin.start());
    }

    /** A gateway with the admin API behind {@link #TOKEN}; {@code yaml} gets the proxy and admin lines. */
    private void start(String yaml, Map<String, String> variables, PluginRegistry plugins) throws Exception {
        String full = """
                version: 1
                proxy: {listen: ["127.0.0.1:0"], access_log: off, workers: 2}
                admin: {listen: "127.0.0.1:0", token: "%s"}
                """.formatted(TOKEN) + yaml;
        gateway = closeLater(GatewayFixture.start(full, variables, plugins));
        admin = closeLater(TestAdmin.start(gateway));
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private PrometheusScrape scrape() throws Exception {
        HttpResponse<String> response = get("/metrics", TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return PrometheusScrape.parse(response.body());
    }

    private static String address(TestOrigin origin) {
        return "127.0.0.1:" + origin.port();
    }

    @Test
    void servesTheTextFormatToHoldersOfTheTokenOnly() throws Exception {
        TestOrigin origin = origin();
        start("""
                services: [{name: svc, url: "http://${ORIGIN}"}]
                routes: [{name: all, paths: ["/"], service: svc}]
                """, Map.of("ORIGIN", address(origin)), PluginRegistry.empty());

        HttpResponse<String> anonymous = get("/metrics", null);
        HttpResponse<String> wrong = get("/metrics", "not-the-token");
        HttpResponse<String> scrape = get("/metrics", TOKEN);
        HttpResponse<String> head = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + admin.port() + "/metrics"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + TOKEN)
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + admin.port() + "/metrics"))
                .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + TOKEN)
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("www-authenticate")).hasValue(AdminHandler.CHALLENGE);
        assertThat(anonymous.body()).doesNotContain("portico_");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(scrape.headers().firstValue("cache-control")).hasValue("no-store");
        assertThat(PrometheusScrape.parse(scrape.body()).names()).contains("portico_connections",
                "portico_connections_accepted_total", "portico_config_reloads_total",
                "portico_config_last_reload_timestamp_seconds", "portico_netty_memory_used_bytes");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
    }

    @Test
    void reportsConnectionsInARequestAsActiveAndTheOthersAsIdle() throws Exception {
        TestOrigin origin = origin();
        origin.route("/slow", Reply.status(200).body("late").headerDelay(Duration.ofSeconds(3)));
        start("""
                services: [{name: svc, url: "http://${ORIGIN}"}]
                routes: [{name: all, paths: ["/"], service: svc}]
                """, Map.of("ORIGIN", address(origin)), PluginRegistry.empty());
        RawHttpClient first = closeLater(RawHttpClient.connect(gateway.port()));
        RawHttpClient second = closeLater(RawHttpClient.connect(gateway.port()));
        RawHttpClient slow = closeLater(RawHttpClient.connect(gateway.port()));
        assertThat(first.exchange("GET /a HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
        assertThat(second.exchange("GET /b HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
        slow.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
        origin.awaitRequests(3);

        PrometheusScrape during = scrape();

        assertThat(during.value("portico_connections", "state", "active")).isEqualTo(1);
        assertThat(during.value("portico_connections", "state", "idle")).isEqualTo(2);
        assertThat(during.value("portico_connections_accepted_total")).isEqualTo(3);
        assertThat(slow.readResponse().status()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(scrape().value("portico_connections", "state", "idle")).isEqualTo(3));
        assertThat(scrape().value("portico_connections", "state", "active")).isZero();
    }

    @Test
    void reportsATargetUnhealthyOnceActiveChecksFindItDown() throws Exception {
        TestOrigin up = origin();
        TestOrigin down = origin();
        start("""
                upstreams:
                  - name: pool
                    targets: ["${UP}", "${DOWN}"]
                    health_checks:
                      active: {interval: 500ms, timeout: 400ms, healthy_after: 1, unhealthy_after: 1}
                services: [{name: svc, url: "http://pool"}]
                routes: [{name: all, paths: ["/"], service: svc}]
                """, Map.of("UP", address(up), "DOWN", address(down)), PluginRegistry.empty());
        PrometheusScrape before = scrape();
        assertThat(before.value("portico_upstream_target_healthy", "upstream", "pool", "target", address(up))).isEqualTo(1);
        assertThat(before.value("portico_upstream_target_healthy", "upstream", "pool", "target", address(down))).isEqualTo(1);

        down.healthy(false);

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(scrape()
                .value("portico_upstream_target_healthy", "upstream", "pool", "target", address(down))).isZero());
        assertThat(scrape().value("portico_upstream_target_healthy", "upstream", "pool", "target", address(up)))
                .isEqualTo(1);

        down.healthy(true);

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(scrape()
                .value("portico_upstream_target_healthy", "upstream", "pool", "target", address(down))).isEqualTo(1));
    }

    @Test
    void reportsTheCircuitBreakerOpenOnceFailuresTripIt() throws Exception {
        TestOrigin failing = origin();
        failing.otherwise(Reply.status(503));
        TestOrigin fine = origin();
        start("""
                services:
                  - name: fragile
                    url: "http://${FAILING}"
                    circuit_breaker: {failure_rate: 50%, minimum_calls: 2, window: 60s, open_for: 60s, on: [5xx]}
                  - name: sturdy
                    url: "http://${FINE}"
                    circuit_breaker: {failure_rate: 50%, minimum_calls: 2, window: 60s, open_for: 60s}
                routes:
                  - {name: fragile, paths: ["/fragile"], service: fragile}
                  - {name: sturdy, paths: ["/sturdy"], service: sturdy}
                """, Map.of("FAILING", address(failing), "FINE", address(fine)), PluginRegistry.empty());
        PrometheusScrape before = scrape();
        assertThat(before.value("portico_circuit_breaker_state", "service", "fragile", "state", "closed")).isEqualTo(1);

        assertThat(gateway.get("/fragile/1").statusCode()).isEqualTo(503);
        assertThat(gateway.get("/fragile/2").statusCode()).isEqualTo(503);
        assertThat(gateway.get("/sturdy/1").statusCode()).isEqualTo(200);

        PrometheusScrape after = scrape();
        assertThat(after.value("portico_circuit_breaker_state", "service", "fragile", "state", "open")).isEqualTo(1);
        assertThat(after.value("portico_circuit_breaker_state", "service", "fragile", "state", "closed")).isZero();
        assertThat(after.value("portico_circuit_breaker_state", "service", "fragile", "state", "half_open")).isZero();
        assertThat(after.value("portico_circuit_breaker_state", "service", "sturdy", "state", "closed")).isEqualTo(1);
        assertThat(after.value("portico_circuit_breaker_state", "service", "sturdy", "state", "open")).isZero();
    }

    @Test
    void servesThePluginsMetricsWithTheCoresAndTheJvms() throws Exception {
        TestOrigin origin = origin();
        start("""
                services: [{name: svc, url: "http://${ORIGIN}"}]
                routes: [{name: all, paths: ["/"], service: svc}]
                plugins: [{name: prometheus}]
                """, Map.of("ORIGIN", address(origin)), PluginRegistry.discover());
        for (int i = 0; i < 3; i++) {
            assertThat(gateway.get("/x").statusCode()).isEqualTo(200);
        }

        // The log phase runs once the response is written: the third request may still be in it.
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(scrape()
                .value("portico_requests_total", "route", "all", "service", "svc", "method", "GET", "status", "200"))
                .isEqualTo(3));
        PrometheusScrape scrape = scrape();
        assertThat(scrape.value("portico_request_duration_seconds_count", "route", "all")).isEqualTo(3);
        assertThat(scrape.value("portico_config_reloads_total", "result", "success")).isZero();
        assertThat(scrape.value("portico_config_reloads_total", "result", "failure")).isZero();
        assertThat(scrape.value("portico_netty_memory_used_bytes", "type", "direct")).isPositive();
        assertThat(scrape.value("jvm_memory_used_bytes", "area", "heap")).isPositive();
        assertThat(scrape.value("jvm_threads_current")).isPositive();
        assertThat(scrape.names()).contains("jvm_gc_collection_seconds_count", "process_cpu_seconds_total",
                "process_start_time_seconds");
    }

    @Test
    void answersHealthAtOnceWhileAScrapeWaitsForAStuckEventLoop() throws Exception {
        TestOrigin origin = origin();
        StallPluginType stall = new StallPluginType();
        start("""
                services: [{name: svc, url: "http://${ORIGIN}"}]
                routes: [{name: all, paths: ["/"], service: svc, plugins: [{name: stall}]}]
                """, Map.of("ORIGIN", address(origin)), PluginRegistry.of(stall));
        RawHttpClient stuck = closeLater(RawHttpClient.connect(gateway.port()));
        try {
            stuck.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            stall.awaitStalled();

            CompletableFuture<HttpResponse<String>> scrape = client.sendAsync(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + admin.port() + "/metrics"))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            long start = System.nanoTime();
            HttpResponse<String> health = get("/health", null);
            Duration healthTook = Duration.ofNanos(System.nanoTime() - start);

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(healthTook).isLessThan(Duration.ofMillis(700));
            HttpResponse<String> scraped = scrape.get(5, TimeUnit.SECONDS);
            assertThat(scraped.statusCode()).isEqualTo(200);
            assertThat(PrometheusScrape.parse(scraped.body()).value("portico_connections", "state", "active")).isEqualTo(1);
        } finally {
            stall.release();
        }
        assertThat(stuck.readResponse().status()).isEqualTo(200);
    }
}
