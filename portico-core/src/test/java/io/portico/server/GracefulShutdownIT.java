package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.testing.RawHttpClient;
import io.portico.testing.RawResponse;
import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Gateway.shutdown: stop accepting, let in-flight requests finish within the drain timeout, then cut. */
class GracefulShutdownIT {

    private TestOrigin origin;
    private GatewayFixture portico;

    @BeforeEach
    void start() throws Exception {
        origin = TestOrigin.start();
        origin.route("/slow", Reply.echo().headerDelay(Duration.ofSeconds(1)));
        portico = GatewayFixture.start("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"]}
                services: [{name: echo, url: "http://${ORIGIN}"}]
                routes: [{name: all, paths: ["/"], service: echo}]
                """, Map.of("ORIGIN", "127.0.0.1:" + origin.port()));
    }

    @AfterEach
    void stop() {
        portico.close();
        origin.close();
    }

    @Test
    void letsAnInFlightRequestFinishWhileRefusingNewConnections() throws Exception {
        int port = portico.port();
        try (RawHttpClient slow = RawHttpClient.connect(port);
                RawHttpClient idle = RawHttpClient.connect(port)) {
            assertThat(idle.exchange("GET /quick HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
            slow.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            origin.awaitRequests(2);
            long start = System.nanoTime();

            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> portico.gateway().shutdown(Duration.ofSeconds(5)));

            Awaitility.await().atMost(Duration.ofMillis(800)).pollInterval(Duration.ofMillis(20))
                    .until(() -> isRefused(port));
            assertThat(idle.awaitClose()).as("idle keep-alive connection closed at once").isTrue();
            assertThat(shutdown).isNotDone();

            RawResponse response = slow.readResponse();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).contains("\"uri\":\"/slow\"");
            assertThat(response.header("connection")).isEqualToIgnoringCase("close");
            assertThat(slow.awaitClose()).isTrue();
            shutdown.get(5, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void cutsARequestThatOutlastsTheDrainTimeout() throws Exception {
        origin.route("/slow", Reply.echo().headerDelay(Duration.ofSeconds(3)));
        try (RawHttpClient slow = RawHttpClient.connect(portico.port())) {
            slow.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            origin.awaitRequests(1);
            long start = System.nanoTime();

            portico.gateway().shutdown(Duration.ofMillis(300));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofMillis(2_500));
            // Closed or reset without a response; a read timeout would mean the connection was left open.
            assertThatThrownBy(slow::readResponse).isInstanceOf(UncheckedIOException.class)
                    .satisfies(e -> assertThat(e.getCause()).isNotInstanceOf(SocketTimeoutException.class));
        }
    }

    private static boolean isRefused(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return false;
        } catch (ConnectException refused) {
            return true;
        } catch (IOException other) {
            return false;
        }
    }
}
