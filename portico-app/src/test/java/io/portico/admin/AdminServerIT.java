package io.portico.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.portico.app.TestPluginType;
import io.portico.server.GatewayFixture;
import io.portico.testing.RawHttpClient;
import io.portico.testing.RawResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The admin listener over real sockets, next to a real gateway whose snapshot it reports. */
class AdminServerIT {

    private static final String TOKEN = "s3cret-admin-token";
    private static final Pattern ERROR = Pattern.compile(
            "\\{\"status\":(\\d{3}),\"error\":\"([a-z_]+)\",\"message\":\"(.*)\",\"request_id\":\"([0-9a-f]{32})\"}\n");

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"], access_log: off}
            admin: {listen: "127.0.0.1:0", token: "${TOKEN}"}
            upstreams:
              - name: users-pool
                targets: ["127.0.0.1:9001", "127.0.0.1:9002"]
            services:
              - name: users
                url: "http://users-pool/api"
                plugins:
                  - name: authenticator
            routes:
              - name: users-v1
                paths: ["/users"]
                service: users
                plugins:
                  - name: limiter
                  - name: tagger
                    priority: 5
              - name: status
                paths: ["=/status"]
                response: {status: 200}
            consumers:
              - username: alice
                plugins:
                  - name: limiter
                    route: users-v1
            plugins:
              - name: request-id
              - name: tagger
            """;

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private GatewayFixture gateway;
    private AdminServer admin;

    @AfterEach
    void stop() {
        if (admin != null) {
            admin.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private void start(String yaml, String token) throws Exception {
        gateway = GatewayFixture.start(yaml, Map.of("TOKEN", token), TestPluginType.registry());
        admin = TestAdmin.start(gateway);
    }

    @Test
    void chainListsGlobalServiceAndRoutePluginsPhaseByPhase() throws Exception {
        start(CONFIG, TOKEN);

        HttpResponse<String> response = get("/routes/users-v1/chain", TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"route\":\"users-v1\",\"consumer\":null,"
                + "\"service\":{\"name\":\"users\",\"url\":\"http://users-pool/api\",\"upstream\":\"users-pool\","
                + "\"targets\":[\"127.0.0.1:9001\",\"127.0.0.1:9002\"]},\"response\":null,\"aggregate\":null,\"phases\":{"
                + "\"rewrite\":[{\"plugin\":\"request-id\",\"priority\":100001,\"scope\":\"global\",\"source\":\"plugins\"}],"
                + "\"authenticate\":[{\"plugin\":\"authenticator\",\"priority\":1250,\"scope\":\"service\",\"source\":\"services[users]\"}],"
                + "\"access\":[{\"plugin\":\"limiter\",\"priority\":910,\"scope\":\"route\",\"source\":\"routes[users-v1]\"},"
                + "{\"plugin\":\"tagger\",\"priority\":5,\"scope\":\"route\",\"source\":\"routes[users-v1]\"}],"
                + "\"upstream_request\":[{\"plugin\":\"tagger\",\"priority\":5,\"scope\":\"route\",\"source\":\"routes[users-v1]\"}],"
                + "\"request_body\":[],"
                + "\"upstream_attempt\":[],"
                + "\"response_headers\":[{\"plugin\":\"request-id\",\"priority\":100001,\"scope\":\"global\",\"source\":\"plugins\"}],"
                + "\"response_body\":[],"
                + "\"log\":[{\"plugin\":\"tagger\",\"priority\":5,\"scope\":\"route\",\"source\":\"routes[users-v1]\"}]}}\n");
    }

    @Test
    void consumerParameterGivesThatConsumersChain() throws Exception {
        start(CONFIG, TOKEN);

        HttpResponse<String> response = get("/routes/users-v1/chain?consumer=alice", TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("{\"route\":\"users-v1\",\"consumer\":\"alice\",")
                .contains("\"access\":[{\"plugin\":\"limiter\",\"priority\":910,\"scope\":\"consumer+route\","
                        + "\"source\":\"consumers[alice]@users-v1\"},");
    }

    @Test
    void staticRouteReportsItsResponse() throws Exception {
        start(CONFIG, TOKEN);

        HttpResponse<String> response = get("/routes/status/chain", TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("{\"route\":\"status\",\"consumer\":null,\"service\":null,"
                + "\"response\":{\"status\":200},\"aggregate\":null,\"phases\":{\"rewrite\":[{\"plugin\":\"request-id\"");
    }

    @Test
    void unknownRouteOrConsumerIsAJson404() throws Exception {
        start(CONFIG, TOKEN);

        HttpResponse<String> route = get("/routes/users-v9/chain", TOKEN);
        HttpResponse<String> consumer = get("/routes/users-v1/chain?consumer=mallory", TOKEN);

        assertError(route, 404, "not_found", "no route named \\\"users-v9\\\"");
        assertError(consumer, 404, "not_found", "no consumer named \\\"mallory\\\"");
    }

    @Test
    void otherPathsAreNotFound() throws Exception {
        start(CONFIG, TOKEN);

        for (String path : new String[] {"/", "/routes", "/routes/users-v1", "/routes/users-v1/chain/more", "/chain"}) {
            assertError(get(path, TOKEN), 404, "not_found", "no admin endpoint at this path");
        }
    }

    @Test
    void otherMethodsOnTheChainAre405WithAllow() throws Exception {
        start(CONFIG, TOKEN);

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/routes/users-v1/chain"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertError(response, 405, "method_not_allowed", "method POST is not allowed here");
        assertThat(response.headers().firstValue("allow")).hasValue("GET, HEAD");
    }

    @Test
    void headAnswersWithTheHeadersOnly() throws Exception {
        start(CONFIG, TOKEN);
        int length = get("/routes/users-v1/chain", TOKEN).body().length();

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/routes/users-v1/chain"))
                .header("Authorization", "Bearer " + TOKEN)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValue("content-length")).hasValue(Integer.toString(length));
    }

    @Test
    void everyRequestNeedsTheTokenWhenOneIsConfigured() throws Exception {
        start(CONFIG, TOKEN);

        HttpResponse<String> missing = get("/routes/users-v1/chain", null);
        HttpResponse<String> wrong = get("/routes/users-v1/chain", "not-the-token");
        HttpResponse<String> prefix = get("/routes/users-v1/chain", TOKEN.substring(0, 10));
        HttpResponse<String> basic = send(HttpRequest.newBuilder(uri("/routes/users-v1/chain"))
                .header("Authorization", "Basic " + TOKEN));
        HttpResponse<String> unknownPath = get("/nothing-here", null);

        assertError(missing, 401, "unauthorized", "the admin API needs a token: Authorization: Bearer <admin.token>");
        assertThat(missing.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"portico-admin\"");
        for (HttpResponse<String> rejected : List.of(wrong, prefix, basic)) {
            assertError(rejected, 401, "unauthorized", "invalid admin token");
            assertThat(rejected.headers().firstValue("www-authenticate"))
                    .hasValue("Bearer realm=\"portico-admin\", error=\"invalid_token\"");
            assertThat(rejected.body()).doesNotContain(TOKEN.substring(0, 10));
        }
        // Without the token, not even which paths exist is revealed.
        assertThat(unknownPath.statusCode()).isEqualTo(401);
    }

    @Test
    void theRightTokenIsAcceptedWithTheSchemeInAnyCase() throws Exception {
        start(CONFIG, TOKEN);

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/routes/users-v1/chain"))
                .header("Authorization", "bearer " + TOKEN));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void withoutATokenLoopbackRequestsAreServed() throws Exception {
        start(CONFIG.replace(", token: \"${TOKEN}\"", ""), "");

        HttpResponse<String> response = get("/routes/users-v1/chain", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("{\"route\":\"users-v1\"");
    }

    @Test
    void aReloadChangesTheAnswer() throws Exception {
        start(CONFIG, TOKEN);
        assertThat(get("/routes/status/chain", TOKEN).statusCode()).isEqualTo(200);

        gateway.apply("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"], access_log: off}
                admin: {listen: "127.0.0.1:0", token: "${TOKEN}"}
                services:
                  - name: users
                    url: "http://127.0.0.1:9003"
                routes:
                  - name: users-v1
                    paths: ["/users"]
                    service: users
                    plugins:
                      - name: tagger
                        priority: 2000
                """, Map.of("TOKEN", TOKEN));

        HttpResponse<String> chain = get("/routes/users-v1/chain", TOKEN);
        assertThat(chain.statusCode()).isEqualTo(200);
        assertThat(chain.body()).contains("\"service\":{\"name\":\"users\",\"url\":\"http://127.0.0.1:9003\","
                        + "\"upstream\":null,\"targets\":[\"127.0.0.1:9003\"]}")
                .contains("\"rewrite\":[],\"authenticate\":[],\"access\":[{\"plugin\":\"tagger\",\"priority\":2000,"
                        + "\"scope\":\"route\",\"source\":\"routes[users-v1]\"}]");
        assertError(get("/routes/status/chain", TOKEN), 404, "not_found", "no route named \\\"status\\\"");
    }

    @Test
    void connectionIsKeptAliveBetweenRequests() throws Exception {
        start(CONFIG, TOKEN);

        try (RawHttpClient raw = RawHttpClient.connect(admin.port())) {
            String request = "GET /routes/users-v1/chain HTTP/1.1\r\nHost: admin\r\nAuthorization: Bearer " + TOKEN
                    + "\r\n\r\n";
            RawResponse first = raw.exchange(request);
            RawResponse second = raw.exchange(request);

            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.bodyText()).isEqualTo(first.bodyText());
        }
    }

    @Test
    void requestAboveTheBoundIsAJson413AndTheConnectionCloses() throws Exception {
        start(CONFIG, TOKEN);

        try (RawHttpClient raw = RawHttpClient.connect(admin.port())) {
            RawResponse response = raw.exchange("POST /routes/users-v1/chain HTTP/1.1\r\nHost: admin\r\n"
                    + "Content-Length: " + (AdminServer.MAX_REQUEST_BYTES + 1) + "\r\n\r\n");

            assertThat(response.status()).isEqualTo(413);
            assertThat(response.header("content-type")).isEqualTo("application/json");
            assertThat(response.bodyText()).startsWith("{\"status\":413,\"error\":\"payload_too_large\",");
            assertThat(raw.awaitClose()).isTrue();
        }
    }

    @Test
    void malformedRequestIsAJson400() throws Exception {
        start(CONFIG, TOKEN);

        try (RawHttpClient raw = RawHttpClient.connect(admin.port())) {
            RawResponse response = raw.exchange("GET /routes/users-v1/chain HTTP/1.1\r\nHost: admin\r\n"
                    + "Bad Header Line\r\n\r\n");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.bodyText()).startsWith("{\"status\":400,\"error\":\"bad_request\",");
            assertThat(raw.awaitClose()).isTrue();
        }
    }

    @Test
    void listenerThatCannotBindFailsWithTheAddress() throws Exception {
        start(CONFIG, TOKEN);
        String taken = "127.0.0.1:" + admin.port();

        GatewayFixture second = GatewayFixture.start(CONFIG.replace("127.0.0.1:0\", token", taken + "\", token"),
                Map.of("TOKEN", TOKEN), TestPluginType.registry());
        try {
            assertThat(catchThrowable(() ->
                    TestAdmin.start(second)))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageStartingWith("cannot listen on " + taken + " (admin.listen): ");
        } finally {
            second.close();
        }
    }

    private static void assertError(HttpResponse<String> response, int status, String error, String message) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        Matcher matcher = ERROR.matcher(response.body());
        assertThat(matcher.matches()).as(response.body()).isTrue();
        assertThat(Integer.parseInt(matcher.group(1))).isEqualTo(status);
        assertThat(matcher.group(2)).isEqualTo(error);
        assertThat(matcher.group(3)).isEqualTo(message);
        assertThat(response.headers().firstValue("x-request-id")).hasValue(matcher.group(4));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + admin.port() + path);
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
