package io.portico.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.server.GatewayFixture;
import io.portico.testing.TestOrigin;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A canary split over real sockets: two services behind routes with the same criteria and a weight each. */
class WeightedRoutesIT {

    private static final int REQUESTS = 2_000;
    /** ±5 % of the requests. */
    private static final int TOLERANCE = REQUESTS * 5 / 100;

    private TestOrigin stable;
    private TestOrigin canary;
    private GatewayFixture portico;

    @BeforeEach
    void start() {
        stable = TestOrigin.start();
        canary = TestOrigin.start();
    }

    @AfterEach
    void stop() {
        if (portico != null) {
            portico.close();
        }
        stable.close();
        canary.close();
    }

    private String config(int stableWeight, int canaryWeight) {
        return """
                version: 1
                proxy: {listen: ["127.0.0.1:0"]}
                services:
                  - {name: stable, url: "http://127.0.0.1:%d"}
                  - {name: canary, url: "http://127.0.0.1:%d"}
                routes:
                  - {name: orders-stable, paths: ["/orders"], service: stable, weight: %d}
                  - {name: orders-canary, paths: ["/orders"], service: canary, weight: %d}
                """.formatted(stable.port(), canary.port(), stableWeight, canaryWeight);
    }

    @Test
    void splitsTwoThousandRequestsWithinFivePercentOfTheWeights() throws Exception {
        portico = GatewayFixture.start(config(90, 10), Map.of());
        send(REQUESTS);
        assertThat(stable.requests()).hasSizeBetween(REQUESTS * 90 / 100 - TOLERANCE, REQUESTS * 90 / 100 + TOLERANCE);
        assertThat(canary.requests()).hasSizeBetween(REQUESTS * 10 / 100 - TOLERANCE, REQUESTS * 10 / 100 + TOLERANCE);
        assertThat(stable.requests().size() + canary.requests().size()).isEqualTo(REQUESTS);
    }

    @Test
    void logsTheChosenRouteOfEachRequest() throws Exception {
        portico = GatewayFixture.start(config(50, 50), Map.of());
        send(200);
        Map<String, Long> byRoute = new HashMap<>();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> portico.accessLog().size() >= 200);
        portico.accessLog().forEach(entry -> byRoute.merge(entry.route(), 1L, Long::sum));
        assertThat(byRoute).containsOnlyKeys("orders-stable", "orders-canary");
        assertThat(byRoute.get("orders-stable")).isEqualTo(stable.requests().size());
        assertThat(byRoute.get("orders-canary")).isEqualTo(canary.requests().size());
    }

    @Test
    void sendsNothingToAWeightOfZero() throws Exception {
        portico = GatewayFixture.start(config(100, 0), Map.of());
        send(300);
        assertThat(stable.requests()).hasSize(300);
        assertThat(canary.requests()).isEmpty();
    }

    @Test
    void reloadChangesTheSplit() throws Exception {
        portico = GatewayFixture.start(config(100, 0), Map.of());
        send(200);
        assertThat(canary.requests()).isEmpty();
        portico.apply(config(10, 90), Map.of());
        stable.clearRequests();
        send(REQUESTS);
        assertThat(canary.requests()).hasSizeBetween(REQUESTS * 90 / 100 - TOLERANCE, REQUESTS * 90 / 100 + TOLERANCE);
        assertThat(stable.requests()).hasSizeBetween(REQUESTS * 10 / 100 - TOLERANCE, REQUESTS * 10 / 100 + TOLERANCE);
    }

    private void send(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            HttpResponse<String> response = portico.get("/orders/" + i);
            assertThat(response.statusCode()).isEqualTo(200);
        }
    }
}
