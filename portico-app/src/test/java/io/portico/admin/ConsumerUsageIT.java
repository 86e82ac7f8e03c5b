package io.portico.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.PluginRegistry;
import io.portico.server.GatewayFixture;
import io.portico.testing.TestOrigin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The quota plugin in a real gateway behind key-auth, and what GET /consumers/{name}/usage reports of it. */
class ConsumerUsageIT {

    private static final String TOKEN = "usage-admin-token-7f3a";
    private static final String ALICE_KEY = "k-alice-8d2e4b6a0c1f3e5d7b9a";

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"], access_log: off}
            admin: {listen: "127.0.0.1:0", token: "${TOKEN}"}
            services:
              - {name: echo, url: "http://${ORIGIN}"}
            routes:
              - name: orders
                paths: ["/orders"]
                service: echo
                strip_path: false
                plugins:
                  - {name: key-auth}
                  - {name: quota, config: {day: 3}}
            consumers:
              - username: alice
                credentials:
                  key-auth: [{key: "${ALICE_KEY}"}]
              - username: bob
            """;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private TestOrigin origin;
    private GatewayFixture gateway;
    private AdminServer admin;

    @BeforeEach
    void start() throws Exception {
        origin = TestOrigin.start();
        gateway = GatewayFixture.start(CONFIG, Map.of("TOKEN", TOKEN, "ALICE_KEY", ALICE_KEY,
                "ORIGIN", "127.0.0.1:" + origin.port()), PluginRegistry.discover());
        admin = TestAdmin.start(gateway);
    }

    @AfterEach
    void stop() {
        if (admin != null) {
            admin.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (origin != null) {
            origin.close();
        }
    }

    private HttpResponse<String> order() throws Exception {
        return gateway.send(gateway.request("/orders").header("apikey", ALICE_KEY));
    }

    private HttpResponse<String> admin(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
                .header("Authorization", "Bearer " + TOKEN).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void allowsTheDailyQuotaThenRefusesWithRetryAfterAndTheOriginSeesNoMore() throws Exception {
        Instant reset = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> allowed = order();
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.headers().firstValue("X-Quota-Limit-Day")).hasValue("3");
            assertThat(allowed.headers().firstValue("X-Quota-Remaining-Day")).hasValue(Integer.toString(2 - i));
            assertThat(allowed.headers().firstValue("X-Quota-Reset-Day")).hasValue(reset.toString());
        }

        HttpResponse<String> refused = order();

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("\"error\":\"quota_exceeded\"");
        assertThat(refused.headers().firstValue("X-Quota-Remaining-Day")).hasValue("0");
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, Duration.ofDays(1).toSeconds());
        assertThat(origin.requests("/orders")).hasSize(3);
    }

    @Test
    void adminReportsWhatTheConsumerUsed() throws Exception {
        for (int i = 0; i < 4; i++) {
            order();
        }

        HttpResponse<String> usage = admin("/consumers/alice/usage");

        String reset = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS).toString();
        assertThat(usage.statusCode()).isEqualTo(200);
        assertThat(usage.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(usage.body()).isEqualTo("{\"consumer\":\"alice\",\"usage\":[{\"plugin\":\"quota\","
                + "\"source\":\"routes[orders]\",\"day\":{\"limit\":3,\"used\":3,\"remaining\":0,\"reset\":\""
                + reset + "\"}}]}\n");
    }

    @Test
    void adminReportsNothingUsedForAConsumerThatHasNotCalled() throws Exception {
        HttpResponse<String> usage = admin("/consumers/bob/usage");

        assertThat(usage.statusCode()).isEqualTo(200);
        assertThat(usage.body()).startsWith("{\"consumer\":\"bob\",\"usage\":[{\"plugin\":\"quota\",")
                .contains("\"used\":0,\"remaining\":3");
    }

    @Test
    void adminAnswers404ForAnUnknownConsumerAnd401WithoutAToken() throws Exception {
        HttpResponse<String> unknown = admin("/consumers/mallory/usage");
        HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + admin.port() + "/consumers/alice/usage")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"error\":\"not_found\"", "no consumer named \\\"mallory\\\"");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue(AdminHandler.CHALLENGE);
    }
}
