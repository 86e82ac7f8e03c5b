package io.portico.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portico.server.GatewayFixture;
import io.portico.testing.RawHttpClient;
import io.portico.testing.RawResponse;
import io.portico.testing.RecordedRequest;
import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Aggregate routes in a real gateway, calling real origins that answer, fail, stall and misbehave. */
class AggregateRouteIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"], trusted_proxies: []}
            services:
              - {name: users, url: "http://${USERS}/api"}
              - {name: orders, url: "http://${ORDERS}"}
              - {name: down, url: "http://127.0.0.1:1", retries: {attempts: 0}}
            routes:
              - name: profile
                paths: ["/profile/{id}"]
                aggregate:
                  timeout: 2s
                  backends:
                    - {service: users, path: "/users/{id}", key: user, forward_headers: [authorization]}
                    - {service: orders, path: "/orders?owner={id}&limit=5", key: orders, optional: true}
                    - {service: users, path: "/plans/{id}"}
              - name: with-down
                paths: ["=/with-down"]
                aggregate:
                  backends:
                    - {service: users, path: /users/1, key: user}
                    - {service: down, path: /anything, key: extra, optional: true}
              - name: required-down
                paths: ["=/required-down"]
                aggregate:
                  backends:
                    - {service: users, path: /users/1, key: user}
                    - {service: down, path: /anything, key: extra}
              - name: deadline
                paths: ["=/deadline"]
                aggregate:
                  timeout: 300ms
                  backends:
                    - {service: users, path: /users/1, key: user}
                    - {service: orders, path: /slow, key: slow, optional: "${SLOW_OPTIONAL}"}
              - name: parallel
                paths: ["=/parallel"]
                aggregate:
                  timeout: 1500ms
                  backends:
                    - {service: users, path: /wait/a, key: a}
                    - {service: orders, path: /wait/b, key: b}
              - name: bounded
                paths: ["=/bounded"]
                aggregate:
                  max_body_size: 64B
                  backends:
                    - {service: users, path: /big, key: big}
            """;

    private TestOrigin users;
    private TestOrigin orders;
    private GatewayFixture portico;

    @BeforeEach
    void start() throws Exception {
        users = TestOrigin.start();
        orders = TestOrigin.start();
        users.route("/api/users/", json("{\"name\":\"alice\",\"id\":7}"));
        users.route("/api/plans/", json("{\"plan\":\"gold\",\"user\":\"overridden by the root merge\"}"));
        orders.route("/orders", json("[{\"id\":1},{\"id\":2}]"));
        portico = start(false);
    }

    private GatewayFixture start(boolean slowOptional) throws Exception {
        return GatewayFixture.start(CONFIG, Map.of("USERS", "127.0.0.1:" + users.port(),
                "ORDERS", "127.0.0.1:" + orders.port(), "SLOW_OPTIONAL", Boolean.toString(slowOptional)));
    }

    @AfterEach
    void stop() throws Exception {
        portico.close();
        users.close();
        orders.close();
    }

    private static Reply json(String body) {
        return Reply.status(200).header("content-type", "application/json").body(body);
    }

    private static JsonNode body(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void mergesBackendsUnderTheirKeysAndAtTheRoot() throws Exception {
        HttpResponse<String> response = portico.get("/profile/7");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValue("x-portico-incomplete")).isEmpty();
        JsonNode body = body(response);
        // Declared order: user, orders, then the root merge, whose "user" field replaces the first one.
        assertThat(body.get("user").asText()).isEqualTo("overridden by the root merge");
        assertThat(body.get("orders").size()).isEqualTo(2);
        assertThat(body.get("plan").asText()).isEqualTo("gold");
        assertThat(JSON.writeValueAsString(body)).startsWith("{\"user\":");
    }

    @Test
    void rendersBackendPathsFromTheRouteVariablesAfterTheServicePath() throws Exception {
        portico.get("/profile/42");

        assertThat(users.awaitRequests(2)).extracting(RecordedRequest::uri)
                .containsExactlyInAnyOrder("/api/users/42", "/api/plans/42");
        assertThat(orders.awaitRequests(1)).extracting(RecordedRequest::uri)
                .containsExactly("/orders?owner=42&limit=5");
    }

    @Test
    void sendsGetsWithForwardedHeadersAndOnlyTheConfiguredClientHeaders() throws Exception {
        portico.send(portico.request("/profile/7")
                .header("Authorization", "Bearer t-1")
                .header("X-Private", "secret")
                .header("Cookie", "session=abc"));

        RecordedRequest user = users.requests("/api/users").get(0);
        assertThat(user.method()).isEqualTo("GET");
        assertThat(user.header("authorization")).isEqualTo("Bearer t-1");
        assertThat(user.header("x-private")).isNull();
        assertThat(user.header("cookie")).isNull();
        assertThat(user.header("host")).isEqualTo("127.0.0.1:" + users.port());
        assertThat(user.header("x-forwarded-for")).isEqualTo("127.0.0.1");
        assertThat(user.header("accept")).isEqualTo("application/json");
        assertThat(user.header("x-request-id")).isNotBlank();
        RecordedRequest order = orders.awaitRequests(1).get(0);
        assertThat(order.header("authorization")).as("forward_headers is per backend").isNull();
        assertThat(order.header("x-request-id")).isEqualTo(user.header("x-request-id"));
    }

    @Test
    void anOptionalBackendThatFailsLeavesAnIncompleteResponseThatNoCacheKeeps() throws Exception {
        HttpResponse<String> response = portico.get("/with-down");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-portico-incomplete")).hasValue("extra");
        assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
        JsonNode body = body(response);
        assertThat(body.get("user").get("name").asText()).isEqualTo("alice");
        assertThat(body.has("extra")).isFalse();
    }

    @Test
    void aRequiredBackendThatFailsFailsTheRequestWith502NamingIt() throws Exception {
        HttpResponse<String> response = portico.get("/required-down");

        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode error = body(response);
        assertThat(error.get("error").asText()).isEqualTo("bad_gateway");
        assertThat(error.get("message").asText()).startsWith("backend extra failed: service down");
        assertThat(error.get("request_id").asText()).isNotBlank();
    }

    @Test
    void aRequiredBackendThatAnswersAnErrorStatusOrNoJsonFailsTheRequest() throws Exception {
        users.route("/api/users/", Reply.status(404).header("content-type", "application/json").body("{}"));
        assertThat(portico.get("/with-down").statusCode()).isEqualTo(502);

        users.route("/api/users/", Reply.status(200).header("content-type", "text/html").body("<html>"));
        HttpResponse<String> notJson = portico.get("/with-down");
        assertThat(notJson.statusCode()).isEqualTo(502);
        assertThat(body(notJson).get("message").asText()).contains("not JSON");
    }

    @Test
    void aRootMergedBackendMustAnswerAnObject() throws Exception {
        users.route("/api/plans/", json("[1, 2]"));

        HttpResponse<String> response = portico.get("/profile/7");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(body(response).get("message").asText()).contains("not a JSON object");
    }

    @Test
    void aRequiredBackendStillOutAtTheDeadlineFailsTheRequest() throws Exception {
        orders.route("/slow", json("{}").headerDelay(Duration.ofSeconds(10)));
        users.route("/api/users/", json("{}").headerDelay(Duration.ofSeconds(10)));

        HttpResponse<String> response = portico.get("/deadline");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(body(response).get("message").asText()).isEqualTo(
                "backend user failed: service users did not answer within 300ms");
    }

    @Test
    void anOptionalBackendStillOutAtTheDeadlineIsLeftOut() throws Exception {
        portico.close();
        portico = start(true);
        orders.route("/slow", json("{}").headerDelay(Duration.ofSeconds(10)));

        HttpResponse<String> response = portico.get("/deadline");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-portico-incomplete")).hasValue("slow");
        assertThat(body(response).get("user").get("name").asText()).isEqualTo("alice");
    }

    @Test
    void callsTheBackendsInParallel() throws Exception {
        // Each takes 1 s and the deadline is 1.5 s: one after the other they could not both make it.
        users.route("/api/wait/", json("{\"a\":1}").headerDelay(Duration.ofSeconds(1)));
        orders.route("/wait/", json("{\"b\":2}").headerDelay(Duration.ofSeconds(1)));

        HttpResponse<String> response = portico.get("/parallel");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body(response).get("a").get("a").asInt()).isEqualTo(1);
        assertThat(body(response).get("b").get("b").asInt()).isEqualTo(2);
    }

    @Test
    void aBackendBodyPastTheBoundFailsItsBackend() throws Exception {
        users.route("/api/big", json("{\"data\":\"" + "x".repeat(100) + "\"}").chunked());

        HttpResponse<String> response = portico.get("/bounded");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(body(response).get("message").asText()).contains("larger than 64 bytes");
    }

    @Test
    void keepsBackendConnectionsForTheNextRequest() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(portico.get("/with-down").statusCode()).isEqualTo(200);
        }
        assertThat(users.connectionCount()).isEqualTo(1);
    }

    @Test
    void answersHeadWithTheHeadersOnly() throws Exception {
        try (RawHttpClient raw = RawHttpClient.connect(portico.port())) {
            RawResponse head = raw.send("HEAD /with-down HTTP/1.1\r\nHost: x\r\n\r\n").readResponseHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("content-length")).isNotEqualTo("0");
            RawResponse get = raw.exchange("GET /with-down HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(get.status()).isEqualTo(200);
            assertThat(get.bodyText()).contains("alice");
        }
    }

    @Test
    void aClientThatLeavesMidwayCancelsTheBackendCalls() throws Exception {
        orders.route("/slow", json("{}").headerDelay(Duration.ofSeconds(10)));
        try (RawHttpClient raw = RawHttpClient.connect(portico.port())) {
            raw.send("GET /deadline HTTP/1.1\r\nHost: x\r\n\r\n");
            orders.awaitRequests(1);
        }
        portico.awaitLogged(entry -> entry.status() == 499);
        assertThat(portico.get("/with-down").statusCode()).isEqualTo(200);
    }

    @Test
    void showsTheBackendsInTheChainReport() {
        String json = portico.gateway().snapshot().chainReport("profile", null).toJson();

        assertThat(json).contains("\"service\":null,\"response\":null,\"aggregate\":{\"timeout_ms\":2000,\"backends\":["
                + "{\"service\":\"users\",\"path\":\"/users/{id}\",\"key\":\"user\",\"optional\":false},");
    }
}
