package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.testing.RawHttpClient;
import io.portico.testing.RawResponse;
import io.portico.testing.TestOrigin;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed or ambiguous request gets its status, a JSON body and a closed connection, and the
 * backend receives nothing: neither the bad request nor anything smuggled behind it.
 */
class MalformedRequestIT {

    private static TestOrigin origin;
    private static GatewayFixture portico;

    @BeforeAll
    static void start() throws Exception {
        origin = TestOrigin.start();
        portico = GatewayFixture.start("""
                version: 1
                proxy:
                  listen: ["127.0.0.1:0"]
                  limits: {max_request_line_size: 1KB, max_header_size: 4KB, max_body_size: 1KB}
                services: [{name: echo, url: "http://${ORIGIN}"}]
                routes: [{name: all, paths: ["/"], service: echo}]
                """, Map.of("ORIGIN", "127.0.0.1:" + origin.port()));
    }

    @AfterAll
    static void stop() {
        portico.close();
        origin.close();
    }

    @BeforeEach
    void forget() {
        origin.clearRequests();
    }

    static Stream<Arguments> vectors() {
        String smuggled = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
        return Stream.of(
                vector("CL and TE", 400, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled),
                vector("TE and CL", 400, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n" + smuggled),
                vector("repeated CL, equal values", 400, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc"),
                vector("repeated CL, different values", 400, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 40\r\n\r\nabc"),
                vector("CL list", 400, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 3\r\n\r\nabc"),
                vector("CL signed", 400, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +3\r\n\r\nabc"),
                vector("CL negative", 400, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"),
                vector("CL not a number", 400, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"),
                vector("CL empty", 400, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \r\n\r\n"),
                vector("CL overflow", 400, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n"),
                vector("TE gzip, chunked", 400, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"),
                vector("TE chunked, chunked", 400, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n"),
                vector("TE identity", 400, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n\r\n"),
                vector("TE twice", 400, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                vector("TE with space before colon", 400, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n"),
                vector("HTTP/1.0 with TE", 400, "POST / HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                vector("chunk size not hex", 400, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"),
                vector("chunk size negative", 400, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n-3\r\nabc\r\n0\r\n\r\n"),
                vector("chunk size overflow", 400, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000003\r\nabc\r\n0\r\n\r\n"),
                vector("chunk without CRLF after data", 400, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n"),
                vector("chunk size with bare LF", 400, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\r\n0\r\n\r\n"),
                vector("obs-fold", 400, "GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  folded\r\n\r\n"),
                vector("bare LF line ends", 400, "GET / HTTP/1.1\nHost: x\n\n"),
                vector("bare CR in header", 400, "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n"),
                vector("NUL in header value", 400, "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n"),
                vector("control char in header value", 400, "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n"),
                vector("NUL in request target", 400, "GET /a\0b HTTP/1.1\r\nHost: x\r\n\r\n"),
                vector("whitespace before colon", 400, "GET / HTTP/1.1\r\nHost: x\r\nX-A : 1\r\n\r\n"),
                vector("empty header name", 400, "GET / HTTP/1.1\r\nHost: x\r\n: 1\r\n\r\n"),
                vector("bytes before request line", 400, "xyz\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n"),
                vector("empty line before request line", 400, "\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n"),
                vector("missing Host", 400, "GET / HTTP/1.1\r\n\r\n"),
                vector("repeated Host", 400, "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
                vector("bad Host", 400, "GET / HTTP/1.1\r\nHost: a b\r\n\r\n"),
                vector("two spaces in request line", 400, "GET  / HTTP/1.1\r\nHost: x\r\n\r\n"),
                vector("lower-case version", 400, "GET / http/1.1\r\nHost: x\r\n\r\n"),
                vector("encoded slash", 400, "GET /a%2Fb HTTP/1.1\r\nHost: x\r\n\r\n"),
                vector("backslash", 400, "GET /a\\b HTTP/1.1\r\nHost: x\r\n\r\n"),
                vector("semicolon parameter", 400, "GET /a;jsessionid=1/b HTTP/1.1\r\nHost: x\r\n\r\n"),
                vector("encoded NUL", 400, "GET /a%00b HTTP/1.1\r\nHost: x\r\n\r\n"),
                vector("invalid UTF-8", 400, "GET /a%C3%28 HTTP/1.1\r\nHost: x\r\n\r\n"),
                vector("dot segments above root", 400, "GET /../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"),
                vector("unsupported version", 505, "GET / HTTP/2.0\r\nHost: x\r\n\r\n"),
                vector("CONNECT", 501, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"),
                vector("request line too long", 414, "GET /" + "a".repeat(2048) + " HTTP/1.1\r\nHost: x\r\n\r\n"),
                vector("headers too large", 431, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(5000) + "\r\n\r\n"),
                vector("body too large (Content-Length)", 413, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4096\r\n\r\n"),
                vector("body too large (chunked)", 413, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n" + "c".repeat(2048) + "\r\n0\r\n\r\n"));
    }

    private static Arguments vector(String name, int status, String request) {
        return Arguments.of(name, status, request);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("vectors")
    void rejectsWithStatusAndForwardsNothing(String name, int status, String request) throws Exception {
        try (RawHttpClient raw = RawHttpClient.connect(portico.port())) {
            raw.send(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            RawResponse response = raw.readResponse();
            assertThat(response.status()).as(name).isEqualTo(status);
            assertThat(response.header("content-type")).isEqualTo("application/json");
            assertThat(response.bodyText()).contains("\"status\":" + status);
            assertThat(response.header("connection")).isEqualToIgnoringCase("close");
            assertThat(raw.awaitClose()).as("connection closed after " + name).isTrue();
        }
        // A well-formed request afterwards proves the origin is reachable, and that nothing came before it.
        try (RawHttpClient raw = RawHttpClient.connect(portico.port())) {
            assertThat(raw.exchange("GET /control HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
        }
        assertThat(origin.awaitRequests(1)).extracting(r -> r.uri()).containsExactly("/control");
    }
}
