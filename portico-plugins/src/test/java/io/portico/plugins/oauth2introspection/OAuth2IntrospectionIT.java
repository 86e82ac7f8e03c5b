package io.portico.plugins.oauth2introspection;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.PluginRegistry;
import io.portico.server.GatewayFixture;
import io.portico.testing.RecordedRequest;
import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * oauth2-introspection in a real gateway against an in-test authorization server that counts its
 * calls: caching by token, expiry, timeouts that leave other requests alone, inactive tokens,
 * scopes, anonymous access.
 */
class OAuth2IntrospectionIT {

    private static final String CLIENT_SECRET = "portico-client-secret";
    private static final String ACTIVE_FOR_AN_HOUR = "";

    private static final String CONFIG = """
            version: 1
            proxy:
              listen: ["127.0.0.1:0"]
            services:
              - {name: api, url: "http://${ORIGIN}"}
            routes:
              - name: orders
                paths: ["/orders"]
                service: api
                strip_path: false
                plugins:
                  - name: oauth2-introspection
                    config:
                      introspection_url: "http://127.0.0.1:${AUTH_PORT}/introspect"
                      client_id: portico
                      client_secret: "${CLIENT_SECRET}"
                      token_type_hint: access_token
                      consumer_by: username
                      claims_to_headers: {sub: X-Credential-Sub}
              - name: admin
                paths: ["/admin"]
                service: api
                strip_path: false
                plugins:
                  - name: oauth2-introspection
                    config:
                      introspection_url: "http://127.0.0.1:${AUTH_PORT}/introspect"
                      client_id: portico
                      client_secret: "${CLIENT_SECRET}"
                      scopes_required: [admin]
                      hide_credentials: true
              - name: slow
                paths: ["/slow"]
                service: api
                strip_path: false
                plugins:
                  - name: oauth2-introspection
                    config:
                      introspection_url: "http://127.0.0.1:${AUTH_PORT}/introspect"
                      client_id: portico
                      client_secret: "${CLIENT_SECRET}"
                      timeout: 3s
              - name: shared
                paths: ["/shared"]
                service: api
                strip_path: false
                plugins:
                  - name: oauth2-introspection
                    config:
                      introspection_url: "http://127.0.0.1:${AUTH_PORT}/introspect"
                      client_id: portico
                      client_secret: "${CLIENT_SECRET}"
                      timeout: 10s
              - name: public
                paths: ["/public"]
                service: api
                strip_path: false
                plugins:
                  - name: oauth2-introspection
                    config:
                      introspection_url: "http://127.0.0.1:${AUTH_PORT}/introspect"
                      client_id: portico
                      client_secret: "${CLIENT_SECRET}"
                      anonymous: guest
            consumers:
              - username: alice
                groups: [gold]
              - username: guest
            """;

    private static TestOrigin origin;
    private static AuthorizationServer auth;
    private static GatewayFixture portico;

    @BeforeAll
    static void start() throws Exception {
        origin = TestOrigin.start();
        auth = AuthorizationServer.start("portico", CLIENT_SECRET);
        portico = GatewayFixture.start(CONFIG, Map.of("ORIGIN", "127.0.0.1:" + origin.port(),
                "AUTH_PORT", String.valueOf(auth.port()), "CLIENT_SECRET", CLIENT_SECRET), PluginRegistry.discover());
    }

    @AfterAll
    static void stop() {
        portico.close();
        auth.close();
        origin.close();
    }

    @BeforeEach
    void forgetRequests() {
        origin.clearRequests();
        origin.otherwise(Reply.status(200).body("ok"));
    }

    /** A token no other test uses (each route's plugin keeps its own cache, and the cache outlives tests). */
    private static String newToken() {
        return "tok-" + UUID.randomUUID();
    }

    private static AuthorizationServer.Active activeFor(Duration duration, String extraMembers) {
        return new AuthorizationServer.Active(System.currentTimeMillis() + duration.toMillis(), extraMembers);
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        return portico.send(portico.request(path).header("Authorization", "Bearer " + token));
    }

    @Test
    void forwardsAnActiveTokensRequestWithItsConsumerAndClaims() throws Exception {
        String token = newToken();
        auth.answer(token, activeFor(Duration.ofHours(1), ",\"username\":\"alice\",\"client_id\":\"mobile-app\",\"sub\":\"u-42\""));

        HttpResponse<String> response = portico.send(portico.request("/orders/1")
                .header("Authorization", "Bearer " + token).header("X-Credential-Sub", "forged"));

        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(received.header("x-consumer-username")).isEqualTo("alice");
        assertThat(received.header("x-consumer-groups")).isEqualTo("gold");
        assertThat(received.header("x-credential-identifier")).isEqualTo("mobile-app");
        assertThat(received.headerValues("x-credential-sub")).containsExactly("u-42");
        assertThat(received.header("authorization")).isEqualTo("Bearer " + token);
        AuthorizationServer.Call call = auth.received().stream().filter(c -> token.equals(c.token())).findFirst().orElseThrow();
        assertThat(call.form()).isEqualTo(Map.of("token", token, "token_type_hint", "access_token"));
        assertThat(call.contentType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(call.accept()).isEqualTo("application/json");
    }

    @Test
    void asksTheServerOncePerTokenWhileTheAnswerIsCached() throws Exception {
        String token = newToken();
        String other = newToken();
        auth.answer(token, activeFor(Duration.ofHours(1), ACTIVE_FOR_AN_HOUR)).answer(other, activeFor(Duration.ofHours(1), ""));

        assertThat(get("/orders/a", token).statusCode()).isEqualTo(200);
        assertThat(get("/orders/b", token).statusCode()).isEqualTo(200);
        assertThat(get("/orders/c", token).statusCode()).isEqualTo(200);
        assertThat(get("/orders/d", other).statusCode()).isEqualTo(200);

        assertThat(auth.calls(token)).isEqualTo(1);
        assertThat(auth.calls(other)).isEqualTo(1);
        assertThat(origin.awaitRequests(4)).hasSize(4);
    }

    @Test
    void stopsAcceptingATokenOnceItExpires() throws Exception {
        String token = newToken();
        long expiresAtMillis = (System.currentTimeMillis() / 1000 + 3) * 1000; // exp is in whole seconds
        auth.answer(token, new AuthorizationServer.Active(expiresAtMillis, ""));

        assertThat(get("/orders/1", token).statusCode()).isEqualTo(200);
        List<Long> acceptedAfterExpiry = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(100)).until(() -> {
            long sentAt = System.currentTimeMillis();
            int status = get("/orders/1", token).statusCode();
            if (status == 200 && sentAt >= expiresAtMillis) {
                acceptedAfterExpiry.add(sentAt);
            }
            return status == 401;
        });

        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(expiresAtMillis);
        assertThat(acceptedAfterExpiry).isEmpty();
        assertThat(auth.calls(token)).isEqualTo(2);
    }

    @Test
    void rejectsAnInactiveTokenAndRemembersItBriefly() throws Exception {
        String token = newToken();

        HttpResponse<String> first = get("/orders/1", token);
        HttpResponse<String> second = get("/orders/1", token);

        assertThat(first.statusCode()).isEqualTo(401);
        assertThat(first.headers().firstValue("www-authenticate"))
                .hasValue("Bearer realm=\"portico\", error=\"invalid_token\"");
        assertThat(first.body()).contains("\"error\":\"unauthorized\"").doesNotContain(token);
        assertThat(second.statusCode()).isEqualTo(401);
        assertThat(auth.calls(token)).isEqualTo(1);
        assertThat(origin.requests()).isEmpty();
    }

    @Test
    void challengesARequestWithoutAToken() throws Exception {
        HttpResponse<String> response = portico.get("/orders/1");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"portico\"");
        assertThat(response.body()).contains("no bearer token found in request");
        assertThat(origin.requests()).isEmpty();
    }

    @Test
    void requiresTheConfiguredScopeAndHidesTheToken() throws Exception {
        String reader = newToken();
        String admin = newToken();
        auth.answer(reader, activeFor(Duration.ofHours(1), ",\"scope\":\"orders:read\""))
                .answer(admin, activeFor(Duration.ofHours(1), ",\"scope\":\"orders:read admin\""));

        HttpResponse<String> denied = get("/admin/users", reader);
        HttpResponse<String> allowed = get("/admin/users", admin);

        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.headers().firstValue("www-authenticate"))
                .hasValue("Bearer realm=\"portico\", error=\"insufficient_scope\", scope=\"admin\"");
        assertThat(denied.body()).contains("\"error\":\"insufficient_scope\"");
        assertThat(allowed.statusCode()).isEqualTo(200);
        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(received.uri()).isEqualTo("/admin/users");
        assertThat(received.header("authorization")).isNull();
        assertThat(origin.requests()).hasSize(1);
    }

    @Test
    void answers503OnTimeoutWithoutHoldingUpOtherRequests() throws Exception {
        String slow = newToken();
        String fast = newToken();
        CountDownLatch gate = new CountDownLatch(1);
        auth.answer(slow, new AuthorizationServer.Held(gate, activeFor(Duration.ofHours(1), "")))
                .answer(fast, activeFor(Duration.ofHours(1), ""));
        try {
            long start = System.nanoTime();
            CompletableFuture<HttpResponse<String>> waiting = portico.client().sendAsync(
                    portico.request("/slow/1").header("Authorization", "Bearer " + slow).build(),
                    HttpResponse.BodyHandlers.ofString());
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> auth.calls(slow) == 1);

            HttpResponse<String> other = get("/orders/fast", fast);
            assertThat(other.statusCode()).isEqualTo(200);
            assertThat(waiting).isNotDone();

            HttpResponse<String> timedOut = waiting.get(10, TimeUnit.SECONDS);
            assertThat(timedOut.statusCode()).isEqualTo(503);
            assertThat(timedOut.body()).contains("\"error\":\"introspection_unavailable\"");
            // Answered by the plugin's 3 s timeout, not by the core abandoning the wait after 30 s.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        } finally {
            gate.countDown();
        }
        // The failure was not cached: the server is asked again, and now answers.
        assertThat(get("/slow/3", slow).statusCode()).isEqualTo(200);
        assertThat(auth.calls(slow)).isEqualTo(2);
        assertThat(origin.requests("/slow/1")).isEmpty();
    }

    @Test
    void sharesOneCallAmongConcurrentRequestsWithTheSameToken() throws Exception {
        String token = newToken();
        CountDownLatch gate = new CountDownLatch(1);
        auth.answer(token, new AuthorizationServer.Held(gate, activeFor(Duration.ofHours(1), "")));
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                responses.add(portico.client().sendAsync(
                        portico.request("/shared/" + i).header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> auth.calls(token) == 1);
            // While the one call is held, no other request may start its own.
            Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> auth.calls(token) == 1);
        } finally {
            gate.countDown();
        }
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(auth.calls(token)).isEqualTo(1);
    }

    @Test
    void answers503WhenTheServerFailsAndAsksAgainNextTime() throws Exception {
        String token = newToken();
        auth.answer(token, new AuthorizationServer.Status(500));

        assertThat(get("/orders/1", token).statusCode()).isEqualTo(503);
        assertThat(get("/orders/1", token).statusCode()).isEqualTo(503);

        assertThat(auth.calls(token)).isEqualTo(2);
        assertThat(origin.requests()).isEmpty();
    }

    @Test
    void answers503WhenTheServerAnswersTooMuch() throws Exception {
        String token = newToken();
        auth.answer(token, new AuthorizationServer.Oversized());

        assertThat(get("/orders/1", token).statusCode()).isEqualTo(503);
        assertThat(origin.requests()).isEmpty();
    }

    @Test
    void letsRequestsWithoutAValidTokenThroughAsTheAnonymousConsumer() throws Exception {
        String inactive = newToken();

        HttpResponse<String> withoutToken = portico.get("/public/a");
        HttpResponse<String> withInactiveToken = get("/public/b", inactive);

        assertThat(withoutToken.statusCode()).isEqualTo(200);
        assertThat(withInactiveToken.statusCode()).isEqualTo(200);
        for (RecordedRequest received : origin.awaitRequests(2)) {
            assertThat(received.header("x-consumer-username")).isEqualTo("guest");
            assertThat(received.header("x-anonymous-consumer")).isEqualTo("true");
        }
    }
}
