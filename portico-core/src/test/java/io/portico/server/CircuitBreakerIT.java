package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import io.portico.upstream.breaker.CircuitBreaker;
import io.portico.upstream.breaker.CircuitBreaker.State;
import io.portico.upstream.breaker.CircuitBreaker.Transition;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A service's circuit breaker over real sockets: opening, refusing without contacting the origin, recovering. */
class CircuitBreakerIT {

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"], workers: 1}
            services:
              - name: svc
                url: "http://${ORIGIN}"
                connect_timeout: 300ms
                circuit_breaker:
                  failure_rate: 50%
                  minimum_calls: 4
                  window: 60s
                  open_for: "${OPEN_FOR}"
                  half_open_calls: 2
                  on: [connect-failure, timeout, 5xx]
                  #FALLBACK
            routes: [{name: all, paths: ["/"], service: svc}]
            """;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private TestOrigin origin() {
        TestOrigin origin = TestOrigin.start();
        resources.add(origin);
        return origin;
    }

    private GatewayFixture portico(int port, String openFor, String fallback) throws Exception {
        // The fallback is spliced into the text: ${...} expands values, not whole entries.
        GatewayFixture portico = GatewayFixture.start(CONFIG.replace("#FALLBACK", fallback), variables(port, openFor));
        resources.add(portico);
        return portico;
    }

    private static Map<String, String> variables(int port, String openFor) {
        return Map.of("ORIGIN", "127.0.0.1:" + port, "OPEN_FOR", openFor);
    }

    private static CircuitBreaker breaker(GatewayFixture portico) {
        return portico.gateway().snapshot().circuitBreaker("svc");
    }

    private static void assertCircuitOpen(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValue("retry-after")).isPresent();
        assertThat(response.body()).contains("\"status\":503", "\"error\":\"circuit_open\"",
                "the circuit breaker of service svc is open");
    }

    /** Four 500s: the fourth reaches minimum_calls at a 100% failure rate and opens the circuit. */
    private static void failFourTimes(GatewayFixture portico) throws Exception {
        for (int i = 0; i < 4; i++) {
            assertThat(portico.get("/fail").statusCode()).isEqualTo(500);
        }
        assertThat(breaker(portico).state()).isEqualTo(State.OPEN);
    }

    @Test
    void opensAfterFailuresAndThenAnswersAtOnceWithoutContactingTheOrigin() throws Exception {
        TestOrigin origin = origin().otherwise(Reply.status(500));
        GatewayFixture portico = portico(origin.port(), "60s", "");
        failFourTimes(portico);
        int connections = origin.connectionCount();

        for (int i = 0; i < 10; i++) {
            assertCircuitOpen(portico.get("/refused"));
        }

        assertThat(origin.requests()).hasSize(4);
        assertThat(origin.connectionCount()).isEqualTo(connections);
        assertThat(breaker(portico).rejected()).isEqualTo(10);
        assertThat(portico.awaitLogged(entry -> entry.status() == 503).target())
                .as("no target was selected").isNull();
    }

    @Test
    void opensOnConnectFailures() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        GatewayFixture portico = portico(closedPort, "60s", "");

        for (int i = 0; i < 4; i++) {
            assertThat(portico.get("/").statusCode()).isEqualTo(502);
        }

        assertCircuitOpen(portico.get("/"));
    }

    @Test
    void countsClientErrorsAsSuccesses() throws Exception {
        TestOrigin origin = origin().otherwise(Reply.status(404));
        GatewayFixture portico = portico(origin.port(), "60s", "");

        for (int i = 0; i < 10; i++) {
            assertThat(portico.get("/missing").statusCode()).isEqualTo(404);
        }

        assertThat(breaker(portico).state()).isEqualTo(State.CLOSED);
        assertThat(origin.requests()).hasSize(10);
    }

    @Test
    void servesTheFallbackWhileOpen() throws Exception {
        TestOrigin origin = origin().otherwise(Reply.status(500));
        GatewayFixture portico = portico(origin.port(), "60s",
                "fallback: {status: 200, body: '{\"degraded\":true}', headers: {content-type: application/json}}");
        failFourTimes(portico);

        HttpResponse<String> response = portico.get("/anything");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"degraded\":true}");
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(origin.requests()).hasSize(4);
    }

    @Test
    void letsTrialRequestsThroughAfterOpenForAndClosesWhenTheyAllSucceed() throws Exception {
        TestOrigin origin = origin().otherwise(Reply.status(500));
        GatewayFixture portico = portico(origin.port(), "300ms", "");
        failFourTimes(portico);
        origin.otherwise(Reply.status(200).body("back"));

        // Refused until open_for has passed; then the first trial reaches the origin.
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> portico.get("/trial").statusCode() == 200);
        assertThat(origin.requests("/trial")).hasSize(1);
        assertThat(breaker(portico).state()).isEqualTo(State.HALF_OPEN);

        assertThat(portico.get("/second-trial").body()).isEqualTo("back");

        assertThat(breaker(portico).state()).isEqualTo(State.CLOSED);
        assertThat(breaker(portico).transitions(Transition.CLOSED)).isEqualTo(1);
        for (int i = 0; i < 5; i++) {
            assertThat(portico.get("/closed").statusCode()).isEqualTo(200);
        }
        assertThat(origin.requests("/closed")).hasSize(5);
    }

    @Test
    void opensAgainWhenATrialFails() throws Exception {
        TestOrigin origin = origin().otherwise(Reply.status(500));
        GatewayFixture portico = portico(origin.port(), "1s", "");
        failFourTimes(portico);

        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> portico.get("/trial").statusCode() == 500);

        assertThat(breaker(portico).state()).isEqualTo(State.OPEN);
        assertThat(breaker(portico).transitions(Transition.REOPENED)).isEqualTo(1);
        assertCircuitOpen(portico.get("/after"));
        assertThat(origin.requests("/after")).isEmpty();
    }

    @Test
    void staysOpenAcrossAReloadThatKeepsItsSpec() throws Exception {
        TestOrigin origin = origin().otherwise(Reply.status(500));
        GatewayFixture portico = portico(origin.port(), "60s", "");
        failFourTimes(portico);

        portico.apply(CONFIG.replace("connect_timeout: 300ms", "connect_timeout: 400ms"),
                variables(origin.port(), "60s"));

        assertCircuitOpen(portico.get("/after-reload"));
        assertThat(origin.requests("/after-reload")).isEmpty();
    }

    @Test
    void startsClosedAfterAReloadThatChangesItsSpec() throws Exception {
        TestOrigin origin = origin().otherwise(Reply.status(500));
        GatewayFixture portico = portico(origin.port(), "60s", "");
        failFourTimes(portico);

        portico.apply(CONFIG, variables(origin.port(), "50s"));

        assertThat(portico.get("/after-reload").statusCode()).isEqualTo(500);
        assertThat(origin.requests("/after-reload")).hasSize(1);
    }
}
