package io.portico.plugins.keyauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.portico.config.ConfigException;
import io.portico.observability.AccessLogEntry;
import io.portico.plugin.PluginRegistry;
import io.portico.server.GatewayFixture;
import io.portico.testing.RecordedRequest;
import io.portico.testing.TestOrigin;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** key-auth in a real gateway, in front of a real origin. */
class KeyAuthIT {

    private static final String ALICE_KEY = "k-alice-3f9c2a7e5b1d4c8a9e0f6b2d7c4a1e8f";
    private static final String BOB_KEY = "k-bob-8e1d6c3b9a2f4e7d0c5b8a1f6e3d9c2b";

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            services:
              - {name: echo, url: "http://${ORIGIN}"}
            routes:
              - name: protected
                paths: ["/protected"]
                service: echo
                strip_path: false
                plugins: [{name: key-auth}]
              - name: hidden
                paths: ["/hidden"]
                service: echo
                strip_path: false
                plugins: [{name: key-auth, config: {key_names: [x-api-key, apikey], hide_credentials: true}}]
              - name: header-only
                paths: ["/header-only"]
                service: echo
                strip_path: false
                plugins: [{name: key-auth, config: {key_in_query: false}}]
            consumers:
              - username: alice
                groups: [gold, staff]
                credentials:
                  key-auth: [{key: "${ALICE_KEY}"}]
              - username: bob
                credentials:
                  key-auth: [{key: "unused-key-0123456789abcdef"}, {key: "${BOB_KEY}", id: bob-ci}]
            """;

    private static TestOrigin origin;
    private static GatewayFixture portico;
    private static ListAppender<ILoggingEvent> logged;

    @BeforeAll
    static void start() throws Exception {
        // Every Portico log line, down to TRACE, goes to the list only (not to the console).
        logged = new ListAppender<>();
        logged.start();
        portico().setLevel(Level.TRACE);
        portico().setAdditive(false);
        portico().addAppender(logged);
        origin = TestOrigin.start();
        portico = GatewayFixture.start(CONFIG, variables(), PluginRegistry.discover());
    }

    @AfterAll
    static void stop() {
        portico.close();
        origin.close();
        portico().detachAppender(logged);
        portico().setAdditive(true);
        portico().setLevel(null);
    }

    @BeforeEach
    void forgetRequests() {
        origin.clearRequests();
    }

    private static Map<String, String> variables() {
        return Map.of("ORIGIN", "127.0.0.1:" + origin.port(), "ALICE_KEY", ALICE_KEY, "BOB_KEY", BOB_KEY);
    }

    private static Logger portico() {
        return (Logger) LoggerFactory.getLogger("io.portico");
    }

    @Test
    void answers401WithAChallengeAndCallsNoUpstreamWithoutAKey() throws Exception {
        HttpResponse<String> response = portico.get("/protected/x");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).hasValue("Key realm=\"portico\"");
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).contains("json"));
        assertThat(response.body()).contains("\"status\":401", "\"error\":\"unauthorized\"",
                "\"message\":\"no API key found in request\"", "\"request_id\":");
        portico.awaitLogged(entry -> "/protected/x".equals(entry.path()));
        assertThat(origin.requests()).isEmpty();
    }

    @Test
    void forwardsAKeyedRequestWithTheConsumerHeaders() throws Exception {
        HttpResponse<String> response = portico.send(portico.request("/protected/x").header("apikey", ALICE_KEY));

        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(received.headerValues("x-consumer-username")).containsExactly("alice");
        assertThat(received.headerValues("x-consumer-groups")).containsExactly("gold, staff");
        assertThat(received.headerValues("x-credential-identifier")).containsExactly("alice-key-1");
        assertThat(received.headers()).doesNotContainKey("x-anonymous-consumer");
        assertThat(received.header("apikey")).isEqualTo(ALICE_KEY);
    }

    @Test
    void acceptsTheKeyAsAQueryParameter() throws Exception {
        HttpResponse<String> response = portico.get("/protected/q?apikey=" + BOB_KEY + "&page=2");

        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(received.header("x-consumer-username")).isEqualTo("bob");
        assertThat(received.header("x-credential-identifier")).isEqualTo("bob-ci");
        assertThat(received.headers()).doesNotContainKey("x-consumer-groups");
        assertThat(received.uri()).isEqualTo("/protected/q?apikey=" + BOB_KEY + "&page=2");
    }

    @Test
    void rejectsAnUnknownKeyWithoutRevealingIt() throws Exception {
        String guess = "k-guess-11112222333344445555666677778888";
        HttpResponse<String> response = portico.send(portico.request("/protected/x").header("apikey", guess));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("invalid authentication credentials").doesNotContain(guess);
        portico.awaitLogged(entry -> entry.status() == 401 && "/protected/x".equals(entry.path()));
        assertThat(origin.requests()).isEmpty();
    }

    @Test
    void stripsTheKeyBeforeProxyingWhenHidingCredentials() throws Exception {
        HttpResponse<String> header = portico.send(portico.request("/hidden/h?keep=1").header("x-api-key", ALICE_KEY));
        HttpResponse<String> query = portico.get("/hidden/q?apikey=" + BOB_KEY + "&keep=2");

        assertThat(header.statusCode()).isEqualTo(200);
        assertThat(query.statusCode()).isEqualTo(200);
        origin.awaitRequests(2);
        RecordedRequest viaHeader = origin.requests("/hidden/h").get(0);
        RecordedRequest viaQuery = origin.requests("/hidden/q").get(0);
        assertThat(viaHeader.headers()).doesNotContainKey("x-api-key");
        assertThat(viaHeader.uri()).isEqualTo("/hidden/h?keep=1");
        assertThat(viaHeader.header("x-consumer-username")).isEqualTo("alice");
        assertThat(viaQuery.uri()).isEqualTo("/hidden/q?keep=2");
        assertThat(viaQuery.header("x-consumer-username")).isEqualTo("bob");
    }

    @Test
    void ignoresTheQueryWhenKeysMustComeInAHeader() throws Exception {
        assertThat(portico.get("/header-only/x?apikey=" + ALICE_KEY).statusCode()).isEqualTo(401);
        assertThat(portico.send(portico.request("/header-only/x").header("apikey", ALICE_KEY)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void refusesTwoKeysInOneRequest() throws Exception {
        HttpResponse<String> response = portico.get("/protected/x?apikey=" + ALICE_KEY + "&apikey=" + BOB_KEY);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("duplicate API key found in request");
    }

    @Test
    void neverLogsAKey() throws Exception {
        portico.send(portico.request("/protected/log").header("apikey", ALICE_KEY));
        portico.get("/protected/log?apikey=" + BOB_KEY);
        portico.get("/protected/log?apikey=k-wrong-0000111122223333444455556666");
        portico.awaitLogged(entry -> entry.status() == 401 && "/protected/log".equals(entry.path()));

        for (AccessLogEntry entry : portico.accessLog()) {
            assertThat(entry.toJson()).doesNotContain(ALICE_KEY, BOB_KEY, "k-wrong-");
        }
        assertThat(logged.list).isNotEmpty(); // the capture works (the gateway logged its start)
        for (ILoggingEvent event : logged.list) {
            assertThat(event.getFormattedMessage()).doesNotContain(ALICE_KEY, BOB_KEY, "k-wrong-");
        }
    }

    @Test
    void rejectsAKeyTwoConsumersShareWithoutPrintingIt() {
        String yaml = """
                version: 1
                proxy: {listen: ["127.0.0.1:0"]}
                consumers:
                  - username: alice
                    credentials: {key-auth: [{key: "${ALICE_KEY}"}]}
                  - username: mallory
                    credentials: {key-auth: [{key: "${ALICE_KEY}"}]}
                """;

        assertThatThrownBy(() -> GatewayFixture.spec(yaml, variables(), PluginRegistry.discover()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("consumers[1].credentials.key-auth[0]: duplicate credential")
                .satisfies(error -> assertThat(error.getMessage()).doesNotContain(ALICE_KEY));
    }

    @Test
    void rejectsABadKeyWithoutPrintingIt() {
        String yaml = """
                version: 1
                proxy: {listen: ["127.0.0.1:0"]}
                routes:
                  - {name: r, paths: ["/"], response: {status: 200}, plugins: [{name: key-auth, config: {anonymous: nobody}}]}
                consumers:
                  - username: alice
                    credentials: {key-auth: [{key: "my secret key"}]}
                """;

        assertThatThrownBy(() -> GatewayFixture.spec(yaml, variables(), PluginRegistry.discover()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("consumers[0].credentials.key-auth[0].key: (not shown) (expected: "
                        + KeyAuthCredentialType.KEY_RULE + ")")
                .hasMessageContaining("anonymous: \"nobody\" (expected: the username of a consumer)")
                .satisfies(error -> assertThat(error.getMessage()).doesNotContain("my secret key"));
    }
}
