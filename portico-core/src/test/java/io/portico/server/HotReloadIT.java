package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.config.ConfigException;
import io.portico.proxy.GatewaySnapshot;
import io.portico.testing.RawHttpClient;
import io.portico.testing.RawResponse;
import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Configuration reloads under load: no request fails or changes its answer while routes come and go
 * and a service moves between origins; an invalid configuration changes nothing; health survives.
 */
class HotReloadIT {

    private static final int CLIENTS = 8;
    /** Even, so that the last configuration is one of origin a's. */
    private static final int RELOADS = 20;

    private TestOrigin a;
    private TestOrigin b;
    private GatewayFixture portico;

    @BeforeEach
    void start() throws Exception {
        a = TestOrigin.start();
        b = TestOrigin.start();
        portico = GatewayFixture.start(config(0), Map.of());
    }

    @AfterEach
    void stop() {
        portico.close();
        a.close();
        b.close();
    }

    /**
     * Generation {@code n}: even generations send the service to origin a and add a route
     * {@code /extra-n}; odd ones send it to origin b and have no extra route.
     */
    private String config(int generation) {
        TestOrigin origin = generation % 2 == 0 ? a : b;
        String extra = generation % 2 == 0
                ? "  - {name: extra-" + generation + ", paths: [\"/extra-" + generation + "\"], service: svc}\n"
                : "";
        return """
                version: 1
                proxy: {listen: ["127.0.0.1:0"]}
                upstreams:
                  - name: pool
                    targets: ["127.0.0.1:%d"]
                services: [{name: svc, url: "http://pool"}]
                routes:
                  - {name: api, paths: ["/api"], service: svc, strip_path: false}
                %s""".formatted(origin.port(), extra);
    }

    @Test
    void keepsServingEveryRequestWhileConfigurationsAreApplied() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger completed = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(CLIENTS);
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                try {
                    load(client, running, completed, failures);
                } finally {
                    done.countDown();
                }
            }, "load-" + c);
            clients.add(thread);
            thread.start();
        }

        for (int generation = 1; generation <= RELOADS; generation++) {
            int before = completed.get();
            // Let the load run against each configuration before replacing it.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> completed.get() >= before + CLIENTS * 4);
            portico.apply(config(generation), Map.of());
            if (generation % 2 == 0) {
                int added = generation;
                try (RawHttpClient raw = RawHttpClient.connect(portico.port())) {
                    assertThat(raw.exchange("GET /extra-" + added + " HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
                }
            }
        }
        int before = completed.get();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> completed.get() >= before + CLIENTS * 4);
        running.set(false);
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(failures).isEmpty();
        assertThat(completed.get()).isGreaterThan(RELOADS * CLIENTS * 4);
        assertThat(a.requests("/api")).isNotEmpty();
        assertThat(b.requests("/api")).isNotEmpty();

        // The last generation (20, even) sends everything to a and has only its own extra route.
        a.clearRequests();
        b.clearRequests();
        try (RawHttpClient raw = RawHttpClient.connect(portico.port())) {
            for (int i = 0; i < 4; i++) {
                assertThat(raw.exchange("GET /api/after HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
            }
            assertThat(raw.exchange("GET /extra-" + RELOADS + " HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
            assertThat(raw.exchange("GET /extra-" + (RELOADS - 2) + " HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(404);
        }
        assertThat(b.requests()).isEmpty();
        assertThat(a.requests("/api")).hasSize(4);
    }

    /** One keep-alive client sending requests in a loop; anything but a 200 is a failure. */
    private void load(int client, AtomicBoolean running, AtomicInteger completed, ConcurrentLinkedQueue<String> failures) {
        RawHttpClient raw = null;
        int n = 0;
        try {
            while (running.get()) {
                if (raw == null) {
                    raw = RawHttpClient.connect(portico.port());
                }
                RawResponse response = raw.exchange("GET /api/" + client + "/" + n++ + " HTTP/1.1\r\nHost: x\r\n\r\n");
                if (response.status() != 200) {
                    failures.add("client " + client + ": " + response.statusLine() + " " + response.bodyText());
                }
                if ("close".equalsIgnoreCase(response.header("connection"))) {
                    failures.add("client " + client + ": connection closed by Portico during a reload");
                    raw.close();
                    raw = null;
                }
                completed.incrementAndGet();
            }
        } catch (RuntimeException e) {
            failures.add("client " + client + ": " + e);
        } finally {
            if (raw != null) {
                raw.close();
            }
        }
    }

    @Test
    void finishesInFlightRequestsOnTheConfigurationTheyStartedWith() throws Exception {
        a.otherwise(Reply.echo().headerDelay(Duration.ofMillis(500)));
        try (RawHttpClient raw = RawHttpClient.connect(portico.port())) {
            raw.send("GET /api/in-flight HTTP/1.1\r\nHost: x\r\n\r\n");
            a.awaitRequests(1);
            portico.apply(config(1), Map.of());

            RawResponse response = raw.readResponse();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).contains("\"uri\":\"/api/in-flight\"");
            assertThat(raw.exchange("GET /api/next HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
        }
        assertThat(b.requests()).extracting(r -> r.uri()).containsExactly("/api/next");
    }

    @Test
    void keepsTheOldConfigurationWhenTheNewOneFailsToCompile() throws Exception {
        GatewaySnapshot before = portico.gateway().snapshot();
        String unresolvable = config(1).replace("127.0.0.1:" + b.port(), "no-such-host.invalid:80");

        assertThatThrownBy(() -> portico.apply(unresolvable, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no-such-host.invalid");

        assertThat(portico.gateway().snapshot()).isSameAs(before);
        assertThat(portico.get("/api/still").statusCode()).isEqualTo(200);
        assertThat(a.requests("/api")).hasSize(1);
        assertThat(b.requests()).isEmpty();
    }

    @Test
    void keepsTheOldConfigurationWhenTheNewOneIsNotValidYaml() throws Exception {
        GatewaySnapshot before = portico.gateway().snapshot();

        assertThatThrownBy(() -> portico.apply(config(1).replace("routes:", "routes: [unclosed"), Map.of()))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> portico.apply(config(1).replace("service: svc", "service: missing"), Map.of()))
                .isInstanceOf(ConfigException.class);

        assertThat(portico.gateway().snapshot()).isSameAs(before);
        assertThat(portico.get("/api/still").statusCode()).isEqualTo(200);
        assertThat(a.requests("/api")).hasSize(1);
    }

    @Test
    void carriesTargetHealthOverToTheNewConfiguration() throws Exception {
        String twoTargets = """
                version: 1
                proxy: {listen: ["127.0.0.1:0"]}
                upstreams:
                  - name: pool
                    targets: ["127.0.0.1:%d", "127.0.0.1:%d"]
                    health_checks:
                      passive: {unhealthy_after: 1, on: [503], eject_for: 30s}
                services: [{name: svc, url: "http://pool"}]
                routes:
                  - {name: api, paths: ["/api"], service: svc, strip_path: false}
                """.formatted(a.port(), b.port());
        portico.apply(twoTargets, Map.of());
        a.otherwise(Reply.status(503));
        String targetA = "127.0.0.1:" + a.port();
        for (int i = 0; i < 2; i++) {
            portico.get("/api/eject");
        }
        assertThat(portico.isHealthy("pool", targetA)).as("ejected before the reload").isFalse();

        portico.apply(twoTargets + "  - {name: more, paths: [\"/more\"], service: svc}\n", Map.of());

        assertThat(portico.isHealthy("pool", targetA)).as("still ejected after the reload").isFalse();
        a.clearRequests();
        b.clearRequests();
        for (int i = 0; i < 4; i++) {
            assertThat(portico.get("/api/after").statusCode()).isEqualTo(200);
        }
        assertThat(a.requests()).isEmpty();
        assertThat(b.requests("/api")).hasSize(4);
    }
}
