package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.testing.RawHttpClient;
import io.portico.testing.RawResponse;
import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Slow and idle clients: 408 after header_timeout (slowloris included), close after idle_timeout. */
class ClientTimeoutsIT {

    private static final Duration TIMEOUT = Duration.ofMillis(500);
    /** Timers fire on a busy event loop of a shared 2-core machine: allow some lateness, never earliness. */
    private static final Duration LATE = Duration.ofMillis(2_000);

    private static TestOrigin origin;
    private static GatewayFixture portico;

    @BeforeAll
    static void start() throws Exception {
        origin = TestOrigin.start();
        portico = GatewayFixture.start("""
                version: 1
                proxy:
                  listen: ["127.0.0.1:0"]
                  limits: {header_timeout: 500ms, idle_timeout: 500ms}
                services: [{name: echo, url: "http://${ORIGIN}"}]
                routes: [{name: all, paths: ["/"], service: echo}]
                """, Map.of("ORIGIN", "127.0.0.1:" + origin.port()));
    }

    @AfterAll
    static void stop() {
        portico.close();
        origin.close();
    }

    @BeforeEach
    void forget() {
        origin.clearRequests();
        origin.otherwise(Reply.echo());
    }

    @Test
    void answersRequestTimeoutWhenTheHeadStalls() {
        try (RawHttpClient raw = RawHttpClient.connect(portico.port())) {
            long start = System.nanoTime();
            raw.send("GET /stalled HTTP/1.1\r\nHost: x\r\nX-Half: ");

            RawResponse response = raw.readResponse();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertRequestTimeout(response, elapsed);
            assertThat(raw.awaitClose()).as("connection closed after 408").isTrue();
        }
        assertThat(origin.requests()).isEmpty();
    }

    @Test
    void answersRequestTimeoutToASlowlorisThatKeepsSendingBytes() {
        ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
        try (RawHttpClient raw = RawHttpClient.connect(portico.port())) {
            long start = System.nanoTime();
            raw.send("GET /slowloris HTTP/1.1\r\nHost: x\r\nX-Drip: ");
            // One header byte every 100 ms: each read is progress, but the head never completes in time.
            drip.scheduleAtFixedRate(() -> {
                try {
                    raw.send("a");
                } catch (UncheckedIOException closed) {
                    // Portico closed the connection: the drip has done its job.
                }
            }, 100, 100, TimeUnit.MILLISECONDS);

            RawResponse response = raw.readResponse();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertRequestTimeout(response, elapsed);
            assertThat(raw.awaitClose()).as("connection closed after 408").isTrue();
        } finally {
            drip.shutdownNow();
        }
        assertThat(origin.requests()).isEmpty();
    }

    @Test
    void answersRequestTimeoutAtHeaderTimeoutEvenWhenIdleTimeoutIsLonger() throws Exception {
        // The idle timer of a fresh connection is still pending when the head starts: the header deadline
        // must not wait for it (with the defaults, 10 s would otherwise become 60 s).
        try (GatewayFixture patient = GatewayFixture.start("""
                version: 1
                proxy:
                  listen: ["127.0.0.1:0"]
                  limits: {header_timeout: 500ms, idle_timeout: 5s}
                services: [{name: echo, url: "http://${ORIGIN}"}]
                routes: [{name: all, paths: ["/"], service: echo}]
                """, Map.of("ORIGIN", "127.0.0.1:" + origin.port()));
                RawHttpClient raw = RawHttpClient.connect(patient.port())) {
            long start = System.nanoTime();
            raw.send("GET /stalled HTTP/1.1\r\nHost: x\r\n");

            RawResponse response = raw.readResponse();

            assertRequestTimeout(response, Duration.ofNanos(System.nanoTime() - start));
        }
        assertThat(origin.requests()).isEmpty();
    }

    @Test
    void closesAKeepAliveConnectionIdleLongerThanIdleTimeout() {
        try (RawHttpClient raw = RawHttpClient.connect(portico.port())) {
            assertThat(raw.exchange("GET /once HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
            long idleSince = System.nanoTime();

            assertThat(raw.awaitClose()).as("closed by Portico").isTrue();
            Duration idle = Duration.ofNanos(System.nanoTime() - idleSince);

            assertThat(idle).isBetween(TIMEOUT.minusMillis(50), LATE);
        }
    }

    @Test
    void keepsAConnectionOpenWhileItsResponseTakesLongerThanIdleTimeout() {
        origin.otherwise(Reply.echo().headerDelay(Duration.ofMillis(1_000)));
        try (RawHttpClient raw = RawHttpClient.connect(portico.port())) {
            assertThat(raw.exchange("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
            origin.otherwise(Reply.echo());
            assertThat(raw.exchange("GET /again HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
        }
    }

    private static void assertRequestTimeout(RawResponse response, Duration elapsed) {
        assertThat(response.status()).isEqualTo(408);
        assertThat(response.header("content-type")).isEqualTo("application/json");
        assertThat(response.header("connection")).isEqualToIgnoringCase("close");
        assertThat(response.bodyText()).contains("\"status\":408", "\"error\":\"request_timeout\"");
        assertThat(elapsed).isBetween(TIMEOUT.minusMillis(50), LATE);
    }
}
