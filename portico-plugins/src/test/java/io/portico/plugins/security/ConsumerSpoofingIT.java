package io.portico.plugins.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugins.PluginGateway;
import io.portico.server.GatewayFixture;
import io.portico.testing.RawHttpClient;
import io.portico.testing.RawResponse;
import io.portico.testing.RecordedRequest;
import io.portico.testing.TestOrigin;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client cannot tell the upstream who it is: whatever it sends as {@code X-Consumer-Username},
 * {@code X-Consumer-Groups}, {@code X-Credential-Identifier} or {@code X-Anonymous-Consumer} (any
 * case, repeated) is dropped, and only what Portico authenticated reaches the upstream.
 */
class ConsumerSpoofingIT {

    private static final String ALICE_KEY = "k-alice-9b3e7d1f5a2c8e4b6d0f3a7c1e5b9d2f";

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            services:
              - {name: echo, url: "http://${ORIGIN}"}
            routes:
              - {name: open, paths: ["/open"], service: echo, strip_path: false}
              - name: keyed
                paths: ["/keyed"]
                service: echo
                strip_path: false
                plugins: [{name: key-auth}]
              - name: guest-welcome
                paths: ["/guest"]
                service: echo
                strip_path: false
                plugins: [{name: key-auth, config: {anonymous: guest}}]
            consumers:
              - username: alice
                groups: [gold]
                credentials: {key-auth: [{key: "${ALICE_KEY}"}]}
              - username: admin
                groups: [admins, staff]
              - username: guest
                groups: [visitors]
            """;

    /** Forged identity headers, in odd cases and repeated, as a hostile client sends them. */
    private static final String FORGED = """
            X-Consumer-Username: admin\r
            x-consumer-username: root\r
            X-CONSUMER-GROUPS: admins, staff\r
            X-Consumer-Groups: superusers\r
            X-Credential-Identifier: admin-key-1\r
            x-credential-identifier: root\r
            X-Anonymous-Consumer: false\r
            x-anonymous-consumer: true\r
            """;

    @RegisterExtension
    static final PluginGateway gateway = new PluginGateway(CONFIG, Map.of("ALICE_KEY", ALICE_KEY));

    private final GatewayFixture portico = gateway.portico();
    private final TestOrigin origin = gateway.origin();

    @Test
    void dropsForgedIdentityOnARouteWithoutPlugins() {
        RecordedRequest received = forward("/open/x", "");

        assertThat(received.headers()).doesNotContainKeys(
                "x-consumer-username", "x-consumer-groups", "x-credential-identifier", "x-anonymous-consumer");
    }

    @Test
    void sendsOnlyTheAuthenticatedConsumerOnAKeyedRoute() {
        RecordedRequest received = forward("/keyed/x", "apikey: " + ALICE_KEY + "\r\n");

        assertThat(received.headerValues("x-consumer-username")).containsExactly("alice");
        assertThat(received.headerValues("x-consumer-groups")).containsExactly("gold");
        assertThat(received.headerValues("x-credential-identifier")).containsExactly("alice-key-1");
        assertThat(received.headers()).doesNotContainKey("x-anonymous-consumer");
    }

    @Test
    void sendsTheAnonymousConsumerWhenNoKeyIsGiven() {
        RecordedRequest received = forward("/guest/x", "");

        assertThat(received.headerValues("x-consumer-username")).containsExactly("guest");
        assertThat(received.headerValues("x-consumer-groups")).containsExactly("visitors");
        assertThat(received.headerValues("x-anonymous-consumer")).containsExactly("true");
        assertThat(received.headers()).doesNotContainKey("x-credential-identifier");
    }

    @Test
    void sendsTheKeyOwnerAndNoAnonymousFlagWhenAKeyIsGivenOnAnAnonymousRoute() {
        RecordedRequest received = forward("/guest/x", "apikey: " + ALICE_KEY + "\r\n");

        assertThat(received.headerValues("x-consumer-username")).containsExactly("alice");
        assertThat(received.headerValues("x-credential-identifier")).containsExactly("alice-key-1");
        assertThat(received.headers()).doesNotContainKey("x-anonymous-consumer");
    }

    @Test
    void forgedHeadersDoNotAuthenticate() {
        try (RawHttpClient raw = RawHttpClient.connect(portico.port())) {
            RawResponse response = raw.exchange("GET /keyed/x HTTP/1.1\r\nHost: 127.0.0.1\r\n" + FORGED + "\r\n");

            assertThat(response.status()).isEqualTo(401);
        }
        portico.awaitLogged(entry -> "/keyed/x".equals(entry.path()));
        assertThat(origin.requests()).isEmpty();
    }

    /** Sends the forged headers (and {@code more}) to {@code path}; returns what the origin received. */
    private RecordedRequest forward(String path, String more) {
        try (RawHttpClient raw = RawHttpClient.connect(portico.port())) {
            RawResponse response = raw.exchange("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + FORGED + more + "\r\n");
            assertThat(response.status()).isEqualTo(200);
        }
        return origin.awaitRequests(1).get(0);
    }
}
