package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.observability.ConnectionCounts;
import io.portico.plugin.PluginRegistry;
import io.portico.testing.PrometheusScrape;
import io.portico.testing.RawHttpClient;
import io.portico.testing.Reply;
import io.portico.testing.StallPluginType;
import io.portico.testing.TestOrigin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The core's metrics (connections, targets, breakers, Netty memory, JVM) as a real gateway's registry
 * renders them, parsed from the text format; the admin API serves the same text on {@code GET /metrics}.
 */
class GatewayMetricsIT {

    private static final String PLAIN = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"], workers: 2}
            upstreams:
              - name: pool
                targets: ["127.0.0.1:${PORT}"]
            services: [{name: svc, url: "http://pool"}]
            routes: [{name: all, paths: ["/"], service: svc}]
            """;

    private final List<AutoCloseable> resources = new ArrayList<>();

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

    private GatewayFixture portico(String yaml, TestOrigin origin) throws Exception {
        return closeLater(GatewayFixture.start(yaml, Map.of("PORT", Integer.toString(origin.port()))));
    }

    @Test
    void countsConnectionsInARequestAsActiveAndTheOthersAsIdle() throws Exception {
        TestOrigin origin = origin();
        origin.route("/slow", Reply.status(200).body("late").headerDelay(Duration.ofSeconds(3)));
        GatewayFixture portico = portico(PLAIN, origin);
        RawHttpClient first = closeLater(RawHttpClient.connect(portico.port()));
        RawHttpClient second = closeLater(RawHttpClient.connect(portico.port()));
        RawHttpClient silent = closeLater(RawHttpClient.connect(portico.port()));
        RawHttpClient slow = closeLater(RawHttpClient.connect(portico.port()));
        assertThat(first.exchange("GET /quick HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
        assertThat(second.exchange("GET /quick HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);

        slow.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
        origin.awaitRequests(3);

        PrometheusScrape during = portico.scrapeMetrics();
        assertThat(during.value("portico_connections", "state", "active")).isEqualTo(1);
        assertThat(during.value("portico_connections", "state", "idle")).isEqualTo(3);
        assertThat(during.value("portico_connections_accepted_total")).isEqualTo(4);

        assertThat(slow.readResponse().status()).isEqualTo(200);
        first.close();
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            PrometheusScrape after = portico.scrapeMetrics();
            assertThat(after.value("portico_connections", "state", "active")).isZero();
            assertThat(after.value("portico_connections", "state", "idle")).isEqualTo(3);
        });
        assertThat(portico.scrapeMetrics().value("portico_connections_accepted_total")).isEqualTo(4);
        assertThat(portico.gateway().connections().open()).isEqualTo(3);
        silent.close();
        second.close();
    }

    @Test
    void countsConnectionsOfAStuckEventLoopAsActiveWithoutWaitingForIt() throws Exception {
        TestOrigin origin = origin();
        StallPluginType stall = new StallPluginType();
        GatewayFixture portico = closeLater(GatewayFixture.start("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"], workers: 1}
                services: [{name: svc, url: "http://127.0.0.1:${PORT}"}]
                routes:
                  - {name: stuck, paths: ["/stuck"], service: svc, plugins: [{name: stall}]}
                  - {name: all, paths: ["/"], service: svc}
                """, Map.of("PORT", Integer.toString(origin.port())), PluginRegistry.of(stall)));
        RawHttpClient idle = closeLater(RawHttpClient.connect(portico.port()));
        assertThat(idle.exchange("GET /quick HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
        RawHttpClient stuck = closeLater(RawHttpClient.connect(portico.port()));
        try {
            stuck.send("GET /stuck HTTP/1.1\r\nHost: x\r\n\r\n");
            stall.awaitStalled();

            long start = System.nanoTime();
            PrometheusScrape scrape = portico.scrapeMetrics();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(scrape.value("portico_connections", "state", "active")).isEqualTo(2);
            assertThat(scrape.value("portico_connections", "state", "idle")).isZero();
            assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(3));
        } finally {
            stall.release();
        }
        assertThat(stuck.readResponse().status()).isEqualTo(200);
        assertThat(portico.gateway().connections()).isEqualTo(new ConnectionCounts(0, 2));
    }

    @Test
    void reportsTargetHealthFromActiveChecks() throws Exception {
        TestOrigin up = origin();
        TestOrigin down = origin();
        GatewayFixture portico = closeLater(GatewayFixture.start("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"]}
                upstreams:
                  - name: pool
                    targets: ["127.0.0.1:${UP}", "127.0.0.1:${DOWN}"]
                    health_checks:
                      active: {interval: 500ms, timeout: 400ms, healthy_after: 1, unhealthy_after: 1}
                services: [{name: svc, url: "http://pool"}]
                routes: [{name: all, paths: ["/"], service: svc}]
                """, Map.of("UP", Integer.toString(up.port()), "DOWN", Integer.toString(down.port()))));
        String upTarget = "127.0.0.1:" + up.port();
        String downTarget = "127.0.0.1:" + down.port();
        PrometheusScrape before = portico.scrapeMetrics();
        assertThat(before.value("portico_upstream_target_healthy", "upstream", "pool", "target", upTarget)).isEqualTo(1);
        assertThat(before.value("portico_upstream_target_healthy", "upstream", "pool", "target", downTarget)).isEqualTo(1);

        down.healthy(false);

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(portico.scrapeMetrics()
                .value("portico_upstream_target_healthy", "upstream", "pool", "target", downTarget)).isZero());
        assertThat(portico.scrapeMetrics().value("portico_upstream_target_healthy", "upstream", "pool", "target", upTarget))
                .isEqualTo(1);
    }

    @Test
    void seriesFollowTheConfigurationAcrossReloads() throws Exception {
        TestOrigin origin = origin();
        TestOrigin other = origin();
        GatewayFixture portico = portico(PLAIN, origin);
        assertThat(portico.scrapeMetrics().has("portico_upstream_target_healthy", "upstream", "pool",
                "target", "127.0.0.1:" + origin.port())).isTrue();
        assertThat(portico.scrapeMetrics().samples("portico_circuit_breaker_state")).isEmpty();

        portico.apply("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"], workers: 2}
                upstreams:
                  - name: replacement
                    targets: ["127.0.0.1:${PORT}"]
                services:
                  - name: guarded
                    url: "http://replacement"
                    circuit_breaker: {failure_rate: 50%, minimum_calls: 5, window: 10s, open_for: 30s}
                routes: [{name: all, paths: ["/"], service: guarded}]
                """, Map.of("PORT", Integer.toString(other.port())));

        PrometheusScrape after = portico.scrapeMetrics();
        assertThat(after.samples("portico_upstream_target_healthy")).hasSize(1);
        assertThat(after.value("portico_upstream_target_healthy", "upstream", "replacement",
                "target", "127.0.0.1:" + other.port())).isEqualTo(1);
        assertThat(after.value("portico_circuit_breaker_state", "service", "guarded", "state", "closed")).isEqualTo(1);
        assertThat(after.value("portico_circuit_breaker_state", "service", "guarded", "state", "open")).isZero();
        assertThat(after.value("portico_circuit_breaker_state", "service", "guarded", "state", "half_open")).isZero();
    }

    @Test
    void showsTheBreakerOpenOnceFailuresTripIt() throws Exception {
        TestOrigin origin = origin();
        origin.otherwise(Reply.status(503));
        GatewayFixture portico = portico("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"]}
                services:
                  - name: fragile
                    url: "http://127.0.0.1:${PORT}"
                    circuit_breaker: {failure_rate: 50%, minimum_calls: 2, window: 60s, open_for: 60s, on: [5xx]}
                routes: [{name: all, paths: ["/"], service: fragile}]
                """, origin);

        assertThat(portico.get("/a").statusCode()).isEqualTo(503);
        assertThat(portico.get("/b").statusCode()).isEqualTo(503);
        assertThat(portico.get("/c").body()).contains("circuit_open");

        PrometheusScrape scrape = portico.scrapeMetrics();
        assertThat(scrape.value("portico_circuit_breaker_state", "service", "fragile", "state", "open")).isEqualTo(1);
        assertThat(scrape.value("portico_circuit_breaker_state", "service", "fragile", "state", "closed")).isZero();
        assertThat(scrape.value("portico_circuit_breaker_state", "service", "fragile", "state", "half_open")).isZero();
    }

    @Test
    void showsNettyMemoryAndTheJvm() throws Exception {
        TestOrigin origin = origin();
        GatewayFixture portico = portico(PLAIN, origin);
        assertThat(portico.get("/x").statusCode()).isEqualTo(200);

        PrometheusScrape scrape = portico.scrapeMetrics();

        assertThat(scrape.value("portico_netty_memory_used_bytes", "type", "direct")).isPositive();
        assertThat(scrape.value("portico_netty_memory_used_bytes", "type", "heap")).isNotNegative();
        assertThat(scrape.value("jvm_memory_used_bytes", "area", "heap")).isPositive();
        assertThat(scrape.value("jvm_threads_current")).isPositive();
        assertThat(scrape.value("process_cpu_seconds_total")).isPositive();
        assertThat(scrape.names()).contains("jvm_gc_collection_seconds_count", "process_start_time_seconds");
    }

    @Test
    void keepsEachGatewaysMetricsApart() throws Exception {
        TestOrigin origin = origin();
        GatewayFixture one = portico(PLAIN, origin);
        GatewayFixture two = portico(PLAIN, origin);

        RawHttpClient client = closeLater(RawHttpClient.connect(one.port()));
        assertThat(client.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);

        assertThat(one.scrapeMetrics().value("portico_connections", "state", "idle")).isEqualTo(1);
        assertThat(one.scrapeMetrics().value("portico_connections_accepted_total")).isEqualTo(1);
        assertThat(two.scrapeMetrics().value("portico_connections", "state", "idle")).isZero();
        assertThat(two.scrapeMetrics().value("portico_connections_accepted_total")).isZero();
        assertThat(two.scrapeMetrics().value("jvm_threads_current")).isPositive();
    }
}
