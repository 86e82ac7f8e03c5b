package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** X-Portico-Latency and X-Portico-Upstream-Latency (proxy.latency_headers). */
class LatencyHeadersIT {

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"], latency_headers: LATENCY_HEADERS}
            services: [{name: s, url: "http://${ORIGIN}"}]
            routes:
              - {name: slow, paths: ["/slow"], service: s}
              - {name: static, paths: ["/static"], response: {status: 200, body: "ok"}}
            """;

    private TestOrigin origin;
    private GatewayFixture portico;

    @BeforeEach
    void startOrigin() {
        origin = TestOrigin.start().route("/slow", Reply.status(200).headerDelay(Duration.ofMillis(120)));
    }

    @AfterEach
    void stop() throws Exception {
        if (portico != null) {
            portico.close();
        }
        origin.close();
    }

    private void start(boolean on) throws Exception {
        portico = GatewayFixture.start(CONFIG.replace("LATENCY_HEADERS", Boolean.toString(on)),
                Map.of("ORIGIN", "127.0.0.1:" + origin.port()));
    }

    @Test
    void proxiedResponsesTellTimeInPorticoApartFromTimeUpstream() throws Exception {
        start(true);

        HttpResponse<String> response = portico.get("/slow");

        assertThat(response.statusCode()).isEqualTo(200);
        long upstream = Long.parseLong(response.headers().firstValue("x-portico-upstream-latency").orElseThrow());
        long inPortico = Long.parseLong(response.headers().firstValue("x-portico-latency").orElseThrow());
        assertThat(upstream).as("the origin waited 120 ms before its head").isBetween(120L, 10_000L);
        assertThat(inPortico).as("time before the first try excludes the origin's delay").isBetween(0L, upstream - 1);
    }

    @Test
    void answersFromPorticoCarryOnlyTheTotal() throws Exception {
        start(true);

        HttpResponse<String> local = portico.get("/static");
        HttpResponse<String> noRoute = portico.get("/nowhere");

        for (HttpResponse<String> response : java.util.List.of(local, noRoute)) {
            assertThat(response.headers().firstValue("x-portico-latency")).hasValueSatisfying(
                    value -> assertThat(Long.parseLong(value)).isNotNegative());
            assertThat(response.headers().firstValue("x-portico-upstream-latency")).isEmpty();
        }
        assertThat(noRoute.statusCode()).isEqualTo(404);
    }

    @Test
    void canBeTurnedOff() throws Exception {
        start(false);

        HttpResponse<String> proxied = portico.get("/slow");
        HttpResponse<String> local = portico.get("/static");

        assertThat(proxied.statusCode()).isEqualTo(200);
        for (HttpResponse<String> response : java.util.List.of(proxied, local)) {
            assertThat(response.headers().firstValue("x-portico-latency")).isEmpty();
            assertThat(response.headers().firstValue("x-portico-upstream-latency")).isEmpty();
        }
    }
}
