package io.portico.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.server.GatewayFixture;
import io.portico.testing.RecordedRequest;
import io.portico.testing.TestOrigin;
import io.portico.testing.TestPluginTypes;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The upstream_attempt phase, per-try results in the log phase, and plugins specialised per route. */
class UpstreamAttemptIT {

    private final Queue<String> logged = new ConcurrentLinkedQueue<>();
    private TestOrigin origin;
    private GatewayFixture portico;

    @BeforeEach
    void startOrigin() {
        origin = TestOrigin.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (portico != null) {
            portico.close();
        }
        origin.close();
    }

    @Test
    void eachTryIsShownToPluginsBeforeItIsSentAndReportedInTheLogPhase() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String dead = "127.0.0.1:" + closedPort;
        String live = "127.0.0.1:" + origin.port();
        portico = GatewayFixture.start("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"], workers: 1}
                upstreams: [{name: pool, targets: ["${DEAD}", "${LIVE}"]}]
                services:
                  - name: svc
                    url: "http://pool"
                    retries: {attempts: 1, on: [connect-failure], budget_percent: 100, min_retries_per_second: 100}
                routes: [{name: r, paths: ["/"], service: svc, plugins: [{name: tries}]}]
                """, Map.of("DEAD", dead, "LIVE", live), TestPluginTypes.registry(logged));

        // Round-robin over a dead and a live target: some requests reach the dead one first and are retried.
        for (int i = 0; i < 3; i++) {
            assertThat(portico.get("/x").statusCode()).isEqualTo(200);
        }

        String direct = "tries:r:1@" + live + "=200,";
        String retried = "tries:r:1@" + dead + "=connect-failure,2@" + live + "=200,";
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> logged.size() == 3);
        assertThat(logged).allMatch(line -> line.equals(direct) || line.equals(retried), "one of " + List.of(direct, retried))
                .contains(retried);
        long retriedCount = logged.stream().filter(retried::equals).count();
        List<RecordedRequest> received = origin.awaitRequests(3);
        assertThat(received).filteredOn(request -> "2".equals(request.header("x-try"))).hasSize((int) retriedCount);
        assertThat(received).filteredOn(request -> "1".equals(request.header("x-try"))).hasSize(3 - (int) retriedCount);
        assertThat(received).extracting(request -> request.header("x-try-route")).containsOnly("r");
    }

    @Test
    void aPluginAttachedOnceIsSpecialisedForEachRouteItServes() throws Exception {
        portico = GatewayFixture.start("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"]}
                services: [{name: users, url: "http://${ORIGIN}"}, {name: orders, url: "http://${ORIGIN}"}]
                routes:
                  - {name: users-route, paths: ["/users"], service: users}
                  - {name: orders-route, paths: ["/orders"], service: orders}
                  - {name: static-route, paths: ["/static"], response: {status: 204}}
                plugins: [{name: tries}]
                """, Map.of("ORIGIN", "127.0.0.1:" + origin.port()), TestPluginTypes.registry(logged));

        HttpResponse<String> users = portico.get("/users/1");
        HttpResponse<String> orders = portico.get("/orders/1");
        HttpResponse<String> local = portico.get("/static");

        assertThat(users.headers().firstValue("x-served-route")).hasValue("users-route/users");
        assertThat(orders.headers().firstValue("x-served-route")).hasValue("orders-route/orders");
        assertThat(local.headers().firstValue("x-served-route")).hasValue("static-route/null");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> logged.contains("tries:static-route:"));
    }
}
