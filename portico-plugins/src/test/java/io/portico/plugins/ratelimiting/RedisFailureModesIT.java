package io.portico.plugins.ratelimiting;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugins.PluginGateway;
import io.portico.server.GatewayFixture;
import io.portico.testing.TestOrigin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** on_redis_failure allow and deny, with a Redis URL on which nothing listens. */
class RedisFailureModesIT {

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            services:
              - {name: echo, url: "http://${ORIGIN}"}
            routes:
              - name: open-when-down
                paths: ["/allow"]
                service: echo
                strip_path: false
                plugins:
                  - {name: rate-limiting, config: {minute: 1, policy: redis, on_redis_failure: allow, redis: {url: "${REDIS}"}}}
              - name: closed-when-down
                paths: ["/deny"]
                service: echo
                strip_path: false
                plugins:
                  - {name: rate-limiting, config: {minute: 1, policy: redis, on_redis_failure: deny, redis: {url: "${REDIS}"}}}
            """;

    @RegisterExtension
    static final PluginGateway gateway = new PluginGateway(CONFIG, Map.of("REDIS", "redis://127.0.0.1:" + closedPort()));

    private final GatewayFixture portico = gateway.portico();
    private final TestOrigin origin = gateway.origin();

    @Test
    void letsEveryRequestThroughUncountedWhenAllowed() throws Exception {
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = portico.get("/allow");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("RateLimit-Limit")).isEmpty();
        }
        assertThat(origin.requests("/allow")).hasSize(5);
    }

    @Test
    void refusesEveryRequestWith503WhenDenied() throws Exception {
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = portico.get("/deny");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("\"error\":\"service_unavailable\"",
                    "rate limits cannot be checked right now");
        }
        assertThat(origin.requests("/deny")).isEmpty();
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
