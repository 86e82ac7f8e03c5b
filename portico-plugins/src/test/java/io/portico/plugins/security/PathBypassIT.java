package io.portico.plugins.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.PluginRegistry;
import io.portico.server.GatewayFixture;
import io.portico.testing.RawHttpClient;
import io.portico.testing.RawResponse;
import io.portico.testing.RecordedRequest;
import io.portico.testing.TestOrigin;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request targets that try to reach a key-protected route without a key, by tricks that fooled
 * other gateways: dot segments (plain, encoded, double encoded, overlong UTF-8), encoded slashes and
 * backslashes, path parameters ({@code ..;/}), case, duplicate slashes, NUL and control characters,
 * fragments, absolute-form. Each is sent byte for byte on its own connection; each must be answered
 * by Portico itself (400, 401 or 404) and the protected origin must receive nothing.
 */
class PathBypassIT {

    private static final String ROOT_KEY = "k-root-7c1e4a9d2f6b8e3a5c0d7f2b9e4a6c1d";

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            services:
              - {name: public-site, url: "http://${PUBLIC}"}
              - {name: admin-site, url: "http://${ADMIN}"}
            routes:
              - {name: public, paths: ["/public"], service: public-site, strip_path: false}
              - name: admin
                paths: ["/admin"]
                service: admin-site
                strip_path: false
                plugins: [{name: key-auth}]
            consumers:
              - username: root
                credentials: {key-auth: [{key: "${ROOT_KEY}"}]}
            """;

    private static TestOrigin publicOrigin;
    private static TestOrigin adminOrigin;
    private static GatewayFixture portico;

    @BeforeAll
    static void start() throws Exception {
        publicOrigin = TestOrigin.start();
        adminOrigin = TestOrigin.start();
        portico = GatewayFixture.start(CONFIG, Map.of(
                "PUBLIC", "127.0.0.1:" + publicOrigin.port(),
                "ADMIN", "127.0.0.1:" + adminOrigin.port(),
                "ROOT_KEY", ROOT_KEY), PluginRegistry.discover());
    }

    @AfterAll
    static void stop() {
        portico.close();
        publicOrigin.close();
        adminOrigin.close();
    }

    @BeforeEach
    void forgetRequests() {
        publicOrigin.clearRequests();
        adminOrigin.clearRequests();
    }

    static Stream<Arguments> bypassAttempts() {
        return Stream.of(
                // the route itself, and case (paths are case-sensitive: /ADMIN is another path)
                refused("/admin", 401), refused("/admin/", 401), refused("/admin/x", 401), refused("/admin?", 401),
                refused("/admin?apikey=", 401), refused("/ADMIN", 404), refused("/Admin/x", 404),
                // dot segments, plain and percent-encoded, are removed before routing
                refused("/public/../admin", 401), refused("/public/../admin/x", 401), refused("/public/x/../../admin", 401),
                refused("/public/%2e%2e/admin", 401), refused("/public/%2E%2E/admin", 401), refused("/public/.%2e/admin", 401),
                refused("/public/%2e%2e/%61dmin", 401), refused("/admin/%2e%2e/admin", 401), refused("/admin/../admin/x", 401),
                refused("/./admin", 401), refused("/%2e/admin", 401), refused("/admin/.", 401), refused("/admin/%2e", 401),
                refused("/public/../%41dmin", 404), refused("/public/..", 404), refused("/public/../", 404),
                // climbing above the root
                refused("/..", 400), refused("/../admin", 400), refused("/public/%2e%2e/%2e%2e/admin", 400),
                // duplicate slashes, encoded letters
                refused("//admin", 401), refused("///admin/x", 401), refused("/%61dmin", 401), refused("/ad%6din", 401),
                refused("/%61%64%6d%69%6e/x", 401), refused("/%2561dmin", 404),
                // encoded slashes and backslashes
                refused("/public/..%2fadmin", 400), refused("/public/..%2Fadmin", 400), refused("/public/%2e%2e%2fadmin", 400),
                refused("/public/%2e%2e%2f%61dmin", 400), refused("/public%2f..%2fadmin", 400), refused("/admin%2f", 400),
                refused("/admin%2fx", 400), refused("/admin%252f", 404), refused("/public\\..\\admin", 400),
                refused("/public/..\\admin", 400), refused("/public/%5c..%5cadmin", 400), refused("/public/%2e%2e%5cadmin", 400),
                // path parameters (Tomcat's ..;/ and friends)
                refused("/admin;x=1", 400), refused("/admin;/x", 400), refused("/admin/..;/", 400),
                refused("/admin/..;/admin", 400), refused("/public/..;/admin", 400), refused("/admin%3bx", 404),
                refused("/admin%3Bx", 404),
                // NUL, control characters, spaces, trailing dots, bad encodings
                refused("/admin%00", 400), refused("/admin%00/x", 400), refused("/admin\u0000", 400),
                refused("/public/..%00/admin", 400), refused("/admin%09", 400), refused("/admin%0d%0aX-Injected:%201", 400),
                refused("/admin%20", 404), refused("/admin.", 404), refused("/admin%2e", 404), refused("/admin%ff", 400),
                refused("/public/%c0%ae%c0%ae/admin", 400), refused("/public/..%u002fadmin", 400),
                // fragments, other target forms
                refused("/admin#x", 400), refused("http://127.0.0.1/admin", 401),
                refused("http://127.0.0.1/public/../admin", 401), refused("*", 400), refused("admin", 400));
    }

    private static Arguments refused(String target, int status) {
        return Arguments.of(target, status);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("bypassAttempts")
    void neverReachesTheProtectedOriginWithoutAKey(String target, int status) {
        RawResponse response = get(target);

        assertThat(response.status()).as(target).isEqualTo(status);
        assertThat(response.headers().get("content-type")).as("Portico's own JSON error").containsExactly("application/json");
        assertThat(response.bodyText()).contains("\"status\":" + status, "\"request_id\":");
        assertThat(adminOrigin.requests()).as("the protected origin received").isEmpty();
        assertThat(publicOrigin.requests()).as("the public origin received").isEmpty();
    }

    /** Double encoding is decoded once: {@code %252e} stays a literal {@code %2e} in a public path. */
    @ParameterizedTest(name = "{0} -> public {1}")
    @MethodSource("doubleEncodedPublicPaths")
    void keepsDoubleEncodedDotsInsideThePublicRoute(String target, String forwarded) {
        RawResponse response = get(target);

        assertThat(response.status()).isEqualTo(200);
        assertThat(publicOrigin.awaitRequests(1)).extracting(RecordedRequest::uri).containsExactly(forwarded);
        assertThat(adminOrigin.requests()).isEmpty();
    }

    static Stream<Arguments> doubleEncodedPublicPaths() {
        return Stream.of(
                Arguments.of("/public/%252e%252e/admin", "/public/%252e%252e/admin"),
                Arguments.of("/public/%25%32%65%25%32%65/admin", "/public/%252e%252e/admin"),
                Arguments.of("/public/..%252fadmin", "/public/..%252fadmin"));
    }

    @Test
    void letsAKeyedRequestReachTheProtectedOrigin() {
        RawResponse response = send("GET /admin/x HTTP/1.1\r\nHost: 127.0.0.1\r\napikey: " + ROOT_KEY + "\r\n\r\n");

        assertThat(response.status()).isEqualTo(200);
        RecordedRequest received = adminOrigin.awaitRequests(1).get(0);
        assertThat(received.uri()).isEqualTo("/admin/x");
        assertThat(received.header("x-consumer-username")).isEqualTo("root");
    }

    @Test
    void letsAPublicRequestThroughWithoutAKey() {
        assertThat(get("/public/x").status()).isEqualTo(200);
        assertThat(publicOrigin.awaitRequests(1)).extracting(RecordedRequest::uri).containsExactly("/public/x");
        assertThat(adminOrigin.requests()).isEmpty();
    }

    private static RawResponse get(String target) {
        return send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    }

    private static RawResponse send(String request) {
        try (RawHttpClient raw = RawHttpClient.connect(portico.port())) {
            return raw.exchange(request);
        }
    }
}
