package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.observability.AccessLogEntry;
import io.portico.testing.RawHttpClient;
import io.portico.testing.RawResponse;
import io.portico.testing.RecordedRequest;
import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests and responses go through a real Portico to a real origin, bodies included. */
class ProxyForwardingIT {

    private static final String CONFIG = """
            version: 1
            proxy:
              listen: ["127.0.0.1:0"]
              trusted_proxies: ["10.0.0.0/8"]
            services:
              - {name: echo, url: "http://${ORIGIN}"}
              - {name: prefixed, url: "http://${ORIGIN}/api"}
            routes:
              - {name: root, paths: ["/"], service: echo, strip_path: false}
              - {name: users, paths: ["/users"], service: prefixed}
              - {name: kept, paths: ["/kept"], service: prefixed, strip_path: false, preserve_host: true}
              - {name: items, paths: ["/items/{id}"], methods: [GET, PUT], service: echo, strip_path: false}
              - name: status
                paths: ["=/status"]
                response: {status: 200, body: '{"ok":true}', headers: {content-type: application/json}}
            """;

    private static TestOrigin origin;
    private static GatewayFixture portico;

    @BeforeAll
    static void start() throws Exception {
        origin = TestOrigin.start();
        portico = GatewayFixture.start(CONFIG, Map.of("ORIGIN", "127.0.0.1:" + origin.port()));
    }

    @AfterAll
    static void stop() {
        portico.close();
        origin.close();
    }

    @BeforeEach
    void forgetRequests() {
        origin.clearRequests();
        origin.otherwise(Reply.echo());
    }

    @Test
    void forwardsGetWithForwardedHeaders() throws Exception {
        HttpResponse<String> response = portico.send(portico.request("/hello?x=1&y=%20")
                .header("X-Forwarded-For", "6.6.6.6")
                .header("X-Request-Id", "client-id-1"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("via")).hasValue("1.1 portico");
        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(received.method()).isEqualTo("GET");
        assertThat(received.uri()).isEqualTo("/hello?x=1&y=%20");
        assertThat(received.version()).isEqualTo("HTTP/1.1");
        assertThat(received.header("x-forwarded-for")).isEqualTo("127.0.0.1");
        assertThat(received.header("x-forwarded-proto")).isEqualTo("http");
        assertThat(received.header("x-forwarded-host")).isEqualTo("127.0.0.1:" + portico.port());
        assertThat(received.header("x-forwarded-port")).isEqualTo(Integer.toString(portico.port()));
        assertThat(received.header("via")).isEqualTo("1.1 portico");
        assertThat(received.header("x-request-id")).isEqualTo("client-id-1");
        assertThat(received.header("host")).isEqualTo("127.0.0.1:" + origin.port());
    }

    @Test
    void believesForwardedForOnlyFromTrustedProxies() throws Exception {
        GatewayFixture behindProxy = GatewayFixture.start("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"], trusted_proxies: ["127.0.0.1/32"]}
                services: [{name: echo, url: "http://${ORIGIN}"}]
                routes: [{name: all, paths: ["/"], service: echo}]
                """, Map.of("ORIGIN", "127.0.0.1:" + origin.port()));
        try (behindProxy) {
            behindProxy.send(behindProxy.request("/trusted")
                    .header("X-Forwarded-For", "203.0.113.7")
                    .header("X-Forwarded-Proto", "https"));
            RecordedRequest received = origin.awaitRequests(1).get(0);
            assertThat(received.header("x-forwarded-for")).isEqualTo("203.0.113.7, 127.0.0.1");
            assertThat(received.header("x-forwarded-proto")).isEqualTo("https");
            Awaitility.await().until(() -> behindProxy.accessLog().stream()
                    .anyMatch(e -> "/trusted".equals(e.path()) && "203.0.113.7".equals(e.clientIp())));
        }
    }

    @Test
    void generatesRequestIdAndLogsTheRequest() throws Exception {
        portico.get("/logged");
        RecordedRequest received = origin.awaitRequests(1).get(0);
        String id = received.header("x-request-id");
        assertThat(id).matches("[0-9a-f]{32}");
        Awaitility.await().until(() -> portico.accessLog().stream().anyMatch(e -> id.equals(e.requestId())));
        AccessLogEntry entry = portico.accessLog().stream().filter(e -> id.equals(e.requestId())).findFirst().orElseThrow();
        assertThat(entry.method()).isEqualTo("GET");
        assertThat(entry.path()).isEqualTo("/logged");
        assertThat(entry.route()).isEqualTo("root");
        assertThat(entry.service()).isEqualTo("echo");
        assertThat(entry.target()).isEqualTo("127.0.0.1:" + origin.port());
        assertThat(entry.status()).isEqualTo(200);
        assertThat(entry.clientIp()).isEqualTo("127.0.0.1");
        assertThat(entry.bytesOut()).isPositive();
        assertThat(entry.upstreamLatencyNanos()).isPositive();
        assertThat(entry.toJson()).contains("\"route\":\"root\"", "\"status\":200");
    }

    @Test
    void removesHopByHopHeadersBothWays() throws Exception {
        origin.otherwise(Reply.status(200).header("Keep-Alive", "timeout=5").header("X-Secret-Hop", "1")
                .header("Connection", "X-Secret-Hop").body("ok"));
        try (RawHttpClient raw = RawHttpClient.connect(portico.port())) {
            RawResponse response = raw.exchange("GET /hop HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, X-Drop-Me\r\n"
                    + "X-Drop-Me: 1\r\nKeep-Alive: timeout=3\r\nTE: trailers\r\nUpgrade: websocket\r\n"
                    + "Proxy-Connection: keep-alive\r\n\r\n");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("keep-alive")).isNull();
            assertThat(response.header("x-secret-hop")).isNull();
        }
        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(received.headers().keySet()).doesNotContain("x-drop-me", "keep-alive", "te", "upgrade", "proxy-connection");
    }

    @Test
    void stripsTheMatchedPrefixAndAddsTheServicePath() throws Exception {
        portico.get("/users/7?full=1");
        portico.get("/users");
        portico.get("/kept/x");
        List<RecordedRequest> received = origin.awaitRequests(3);
        assertThat(received).extracting(RecordedRequest::uri).containsExactly("/api/7?full=1", "/api", "/api/kept/x");
    }

    @Test
    void preservesTheClientHostWhenAsked() throws Exception {
        try (RawHttpClient raw = RawHttpClient.connect(portico.port())) {
            raw.exchange("GET /kept/x HTTP/1.1\r\nHost: api.example.com\r\n\r\n");
        }
        assertThat(origin.awaitRequests(1).get(0).header("host")).isEqualTo("api.example.com");
    }

    @Test
    void forwardsTheNormalizedPath() throws Exception {
        try (RawHttpClient raw = RawHttpClient.connect(portico.port())) {
            RawResponse response = raw.exchange("GET /a/./b/../%63//d HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(response.status()).isEqualTo(200);
        }
        assertThat(origin.awaitRequests(1).get(0).uri()).isEqualTo("/a/c/d");
    }

    @Test
    void answersStaticRoutesWithoutTheOrigin() throws Exception {
        HttpResponse<String> response = portico.get("/status");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"ok\":true}");
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(origin.requests()).isEmpty();
    }

    @Test
    void answersJsonErrorsFor404And405() throws Exception {
        origin.clearRequests();
        GatewayFixture only = GatewayFixture.start("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"]}
                services: [{name: echo, url: "http://${ORIGIN}"}]
                routes: [{name: items, paths: ["/items/{id}"], methods: [GET, PUT], service: echo}]
                """, Map.of("ORIGIN", "127.0.0.1:" + origin.port()));
        try (only) {
            HttpResponse<String> missing = only.get("/nothing-here");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.headers().firstValue("content-type")).hasValue("application/json");
            assertThat(missing.body()).contains("\"status\":404", "\"error\":\"no_route\"", "\"request_id\":\"");

            HttpResponse<String> wrongMethod = only.send(only.request("/items/4").DELETE());
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
            assertThat(wrongMethod.headers().firstValue("allow").orElseThrow()).contains("GET", "PUT");
            assertThat(wrongMethod.body()).contains("\"error\":\"method_not_allowed\"");
        }
        assertThat(origin.requests()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1024, 10 * 1024 * 1024})
    void postsContentLengthBodies(int size) throws Exception {
        byte[] body = generated(size);
        HttpResponse<String> response = portico.send(portico.request("/upload")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(received.bodyLength()).isEqualTo(size);
        assertThat(received.bodySha256()).isEqualTo(sha256(body));
        assertThat(received.header("content-length")).isEqualTo(Integer.toString(size));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1024, 10 * 1024 * 1024})
    void postsChunkedBodies(int size) throws Exception {
        byte[] body = generated(size);
        // A body publisher of unknown length makes the JDK client send Transfer-Encoding: chunked.
        HttpResponse<String> response = portico.send(portico.request("/upload")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))));
        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(received.bodyLength()).isEqualTo(size);
        assertThat(received.bodySha256()).isEqualTo(sha256(body));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1024, 10 * 1024 * 1024})
    void streamsResponseBodies(int size) throws Exception {
        origin.otherwise(Reply.generated(size));
        assertDownload(size);
        origin.otherwise(Reply.generated(size).chunked());
        assertDownload(size);
    }

    private void assertDownload(int size) throws Exception {
        HttpResponse<InputStream> response = portico.client().send(portico.request("/download").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        long total = 0;
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
                total += read;
            }
        }
        assertThat(total).isEqualTo(size);
        assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(TestOrigin.generatedSha256(size));
    }

    @Test
    void reusesUpstreamConnections() throws Exception {
        int before = origin.connectionCount();
        try (RawHttpClient raw = RawHttpClient.connect(portico.port())) {
            for (int i = 0; i < 20; i++) {
                assertThat(raw.exchange("GET /again HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
            }
        }
        assertThat(origin.awaitRequests(20)).hasSize(20);
        assertThat(origin.connectionCount() - before).isLessThanOrEqualTo(1);
    }

    @Test
    void answersPipelinedRequestsInOrder() throws Exception {
        try (RawHttpClient raw = RawHttpClient.connect(portico.port())) {
            raw.send("GET /p1 HTTP/1.1\r\nHost: x\r\n\r\nGET /status HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /p3 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
            RawResponse first = raw.readResponse();
            RawResponse second = raw.readResponse();
            RawResponse third = raw.readResponse();
            assertThat(first.bodyText()).contains("\"uri\":\"/p1\"");
            assertThat(second.bodyText()).isEqualTo("{\"ok\":true}");
            assertThat(third.bodyText()).contains("\"uri\":\"/p3\"", "\"body_length\":3");
        }
    }

    @Test
    void keepsHttp10ClientsWorking() throws Exception {
        origin.otherwise(Reply.generated(100).chunked());
        try (RawHttpClient raw = RawHttpClient.connect(portico.port())) {
            raw.send("GET /old HTTP/1.0\r\n\r\n");
            String all = raw.readUntilClose();
            assertThat(all).startsWith("HTTP/1.1 200");
            assertThat(all.toLowerCase()).doesNotContain("transfer-encoding");
            assertThat(all).endsWith(new String(generated(100), java.nio.charset.StandardCharsets.ISO_8859_1));
        }
    }

    static byte[] generated(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = TestOrigin.generatedByte(i);
        }
        return bytes;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
