package io.portico.plugins.iprestriction;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.PluginRegistry;
import io.portico.server.GatewayFixture;
import io.portico.testing.RecordedRequest;
import io.portico.testing.TestOrigin;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ip-restriction in a real gateway. The test client connects from 127.0.0.1, and from ::1 to a
 * gateway listening on [::1] (this needs IPv6 loopback, which CI machines have).
 */
class IpRestrictionIT {

    private static final String CONFIG = """
            version: 1
            proxy:
              listen: ["${LISTEN}"]
              trusted_proxies: TRUSTED_PROXIES
            services:
              - {name: echo, url: "http://${ORIGIN}"}
            routes:
              - {name: open, paths: ["/open"], service: echo, strip_path: false}
              - name: loopback-allowed
                paths: ["/loopback-allowed"]
                service: echo
                strip_path: false
                plugins: [{name: ip-restriction, config: {allow: ["127.0.0.0/8", "::1"]}}]
              - name: loopback-denied
                paths: ["/loopback-denied"]
                service: echo
                strip_path: false
                plugins: [{name: ip-restriction, config: {deny: ["127.0.0.1", "::1/128"]}}]
              - name: partners-only
                paths: ["/partners-only"]
                service: echo
                strip_path: false
                plugins:
                  - name: ip-restriction
                    config: {allow: ["203.0.113.0/24", "2001:db8::/32"], status: 404, message: "nothing here"}
              - name: ipv4-only
                paths: ["/ipv4-only"]
                service: echo
                strip_path: false
                plugins: [{name: ip-restriction, config: {allow: ["0.0.0.0/0"]}}]
            """;

    private static TestOrigin origin;
    private static GatewayFixture portico;
    private static GatewayFixture behindProxy;

    @BeforeAll
    static void start() throws Exception {
        origin = TestOrigin.start();
        portico = start("127.0.0.1:0", "[]");
        behindProxy = start("127.0.0.1:0", "[\"127.0.0.1\"]");
    }

    private static GatewayFixture start(String listen, String trusted) throws Exception {
        // Variables expand inside scalars only, so the list goes into the text itself.
        return GatewayFixture.start(CONFIG.replace("TRUSTED_PROXIES", trusted),
                Map.of("ORIGIN", "127.0.0.1:" + origin.port(), "LISTEN", listen), PluginRegistry.discover());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {behindProxy, portico, origin}) {
            if (closeable != null) {
                closeQuietly(closeable);
            }
        }
    }

    @BeforeEach
    void forgetRequests() {
        origin.clearRequests();
    }

    @Test
    void proxiesAnAllowedClient() throws Exception {
        HttpResponse<String> response = portico.get("/loopback-allowed");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(origin.awaitRequests(1).get(0).path()).isEqualTo("/loopback-allowed");
    }

    @Test
    void rejectsADeniedClientWithoutCallingTheOrigin() throws Exception {
        HttpResponse<String> response = portico.get("/loopback-denied");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).contains("\"error\":\"forbidden\"", "\"message\":\"your IP address is not allowed\"");
        assertOriginReceivedNothing(portico);
    }

    @Test
    void answersWithTheConfiguredStatusAndMessage() throws Exception {
        HttpResponse<String> response = portico.get("/partners-only");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("\"message\":\"nothing here\"");
        assertOriginReceivedNothing(portico);
    }

    @Test
    void ignoresAForwardedForHeaderFromAnUntrustedPeer() throws Exception {
        HttpResponse<String> response = portico.send(portico.request("/partners-only")
                .header("X-Forwarded-For", "203.0.113.7"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertOriginReceivedNothing(portico);
    }

    @Test
    void believesForwardedForFromATrustedProxy() throws Exception {
        HttpResponse<String> response = behindProxy.send(behindProxy.request("/partners-only")
                .header("X-Forwarded-For", "203.0.113.7"));

        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(received.header("x-forwarded-for")).isEqualTo("203.0.113.7, 127.0.0.1");
    }

    @Test
    void judgesTheRightmostUntrustedForwardedAddress() throws Exception {
        // A client can prepend anything; only what the trusted proxy appended counts.
        HttpResponse<String> spoofed = behindProxy.send(behindProxy.request("/partners-only")
                .header("X-Forwarded-For", "203.0.113.7, 198.51.100.9"));
        HttpResponse<String> throughTwoProxies = behindProxy.send(behindProxy.request("/partners-only")
                .header("X-Forwarded-For", "198.51.100.9, 203.0.113.7, 127.0.0.1"));

        assertThat(spoofed.statusCode()).isEqualTo(404);
        assertThat(throughTwoProxies.statusCode()).isEqualTo(200);
        assertThat(origin.awaitRequests(1)).extracting(RecordedRequest::path).containsExactly("/partners-only");
    }

    @Test
    void matchesAnIpv6Client() throws Exception {
        try (GatewayFixture ipv6 = start("[::1]:0", "[]")) {
            assertThat(getFromIpv6(ipv6, "/loopback-allowed").statusCode()).isEqualTo(200);
            assertThat(getFromIpv6(ipv6, "/loopback-denied").statusCode()).isEqualTo(403);
            assertThat(getFromIpv6(ipv6, "/partners-only").statusCode()).isEqualTo(404);
            assertThat(getFromIpv6(ipv6, "/ipv4-only").statusCode()).isEqualTo(403);

            assertThat(getFromIpv6(ipv6, "/open").statusCode()).isEqualTo(200);
            List<RecordedRequest> received = origin.awaitRequests(2);
            assertThat(received).extracting(RecordedRequest::path).containsExactly("/loopback-allowed", "/open");
            assertThat(received.get(0).header("x-forwarded-for")).isEqualTo("::1");
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> getFromIpv6(GatewayFixture gateway, String path) throws Exception {
        URI uri = URI.create("http://[::1]:" + gateway.port() + path);
        return gateway.send(HttpRequest.newBuilder(uri));
    }

    /** A request on an unrestricted route is the only one the origin gets: the earlier one never reached it. */
    private static void assertOriginReceivedNothing(GatewayFixture gateway) throws Exception {
        assertThat(gateway.get("/open").statusCode()).isEqualTo(200);
        assertThat(origin.awaitRequests(1)).extracting(RecordedRequest::path).containsExactly("/open");
    }
}
