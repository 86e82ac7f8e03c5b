package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.observability.AccessLogEntry;
import io.portico.testing.OriginBehaviour;
import io.portico.testing.RawHttpClient;
import io.portico.testing.RawReply;
import io.portico.testing.RawResponse;
import io.portico.testing.RecordedRequest;
import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the client sees when the upstream fails: refused, unanswered connects, silence, garbage, resets
 * mid-body; what Portico does when the client goes away; and that retries never duplicate a POST.
 */
class UpstreamFailureIT {

    /** One event loop, so that every request of a test shares one upstream connection pool. */
    private static final String DIRECT = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"], workers: 1}
            services:
              - name: svc
                url: "http://${ORIGIN}"
                connect_timeout: 300ms
                read_timeout: ${READ_TIMEOUT}
            routes: [{name: all, paths: ["/"], service: svc}]
            """;

    private static final String TWO_TARGETS = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"], workers: 1}
            upstreams:
              - name: pool
                targets: ["${A}", "${B}"]
            services:
              - name: svc
                url: "http://pool"
                retries:
                  attempts: 2
                  on: [connect-failure, reset, 502, 503, 504]
                  budget_percent: 100
                  min_retries_per_second: 100
            routes: [{name: all, paths: ["/"], service: svc}]
            """;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private TestOrigin origin() {
        TestOrigin origin = TestOrigin.start();
        resources.add(origin);
        return origin;
    }

    private GatewayFixture portico(String yaml, Map<String, String> variables) throws Exception {
        GatewayFixture portico = GatewayFixture.start(yaml, variables);
        resources.add(portico);
        return portico;
    }

    private GatewayFixture direct(int port, String readTimeout) throws Exception {
        return portico(DIRECT, Map.of("ORIGIN", "127.0.0.1:" + port, "READ_TIMEOUT", readTimeout));
    }

    private GatewayFixture twoTargets(TestOrigin a, TestOrigin b) throws Exception {
        return portico(TWO_TARGETS, Map.of("A", "127.0.0.1:" + a.port(), "B", "127.0.0.1:" + b.port()));
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n";
    }

    @Test
    void answersBadGatewayWhenTheConnectionIsRefused() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        GatewayFixture portico = direct(closedPort, "5s");

        var response = portico.get("/refused");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.body()).contains("\"status\":502", "\"error\":\"bad_gateway\"");
    }

    @Test
    void answersGatewayTimeoutWhenTheConnectionIsNeverAccepted() throws Exception {
        // A listener that never accepts, with its accept queue full: further SYNs go unanswered.
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        resources.add(listener);
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", listener.getLocalPort());
        boolean full = false;
        for (int i = 0; i < 16 && !full; i++) {
            Socket filler = new Socket();
            resources.add(filler);
            try {
                filler.connect(address, 200);
            } catch (SocketTimeoutException e) {
                full = true;
            }
        }
        assertThat(full).as("accept queue filled").isTrue();
        GatewayFixture portico = direct(listener.getLocalPort(), "5s");

        long start = System.nanoTime();
        var response = portico.get("/blackhole");
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).contains("\"error\":\"upstream_timeout\"");
        assertThat(elapsedMillis).isBetween(250L, 3_000L);
    }

    @Test
    void answersGatewayTimeoutWhenTheResponseIsLate() throws Exception {
        TestOrigin origin = origin();
        origin.otherwise(Reply.echo().headerDelay(Duration.ofSeconds(3)));
        GatewayFixture portico = direct(origin.port(), "300ms");

        long start = System.nanoTime();
        var response = portico.get("/late");
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).contains("\"status\":504", "\"error\":\"upstream_timeout\"");
        assertThat(elapsedMillis).isBetween(250L, 2_500L);
    }

    @Test
    void timesOutOnAReusedConnectionAsOnAFreshOne() throws Exception {
        TestOrigin origin = origin();
        origin.route("/late", Reply.echo().headerDelay(Duration.ofSeconds(3)));
        GatewayFixture portico = direct(origin.port(), "300ms");

        // Several quick exchanges first, so the slow one runs on a pooled connection whose read timer
        // was armed by an earlier request.
        for (int i = 0; i < 5; i++) {
            assertThat(portico.get("/fast").statusCode()).isEqualTo(200);
        }
        long start = System.nanoTime();
        var response = portico.get("/late");
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(elapsedMillis).isBetween(250L, 2_500L);
        assertThat(origin.connectionCount()).isEqualTo(1);
    }

    static Stream<Arguments> garbage() {
        return Stream.of(
                Arguments.of("garbage status line", RawReply.garbageStatusLine()),
                Arguments.of("oversized headers", RawReply.oversizedHeaders(70_000)),
                Arguments.of("bad chunk framing", RawReply.badChunkFraming()),
                Arguments.of("content-length and chunked", RawReply.contentLengthAndChunked()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbage")
    void answersBadGatewayToGarbageAndNeverReusesThatConnection(String name, RawReply reply) throws Exception {
        TestOrigin origin = origin();
        // The origin keeps the connection open after the garbage, so only Portico can discard it.
        origin.route("/bad", new RawReply(reply.bytes(), false));
        GatewayFixture portico = direct(origin.port(), "5s");

        try (RawHttpClient raw = RawHttpClient.connect(portico.port())) {
            assertThat(raw.exchange(get("/first")).status()).isEqualTo(200);
            RawResponse bad = raw.exchange(get("/bad"));
            assertThat(bad.status()).as(name).isEqualTo(502);
            assertThat(bad.header("content-type")).isEqualTo("application/json");
            assertThat(bad.bodyText()).contains("\"error\":\"bad_gateway\"");
            assertThat(raw.exchange(get("/after")).status()).isEqualTo(200);
        }

        List<RecordedRequest> received = origin.awaitRequests(3);
        assertThat(received).extracting(RecordedRequest::path).containsExactly("/first", "/bad", "/after");
        assertThat(received.get(1).connection()).as("garbage came on the pooled connection").isEqualTo(received.get(0).connection());
        assertThat(received.get(2).connection()).as("next request on a new connection").isNotEqualTo(received.get(1).connection());
        assertThat(origin.connectionCount()).isEqualTo(2);
    }

    @Test
    void cutsTheClientConnectionWhenTheUpstreamResetsMidBody() throws Exception {
        TestOrigin origin = origin();
        origin.otherwise(Reply.generated(1024 * 1024).resetAfter(100 * 1024));
        GatewayFixture portico = direct(origin.port(), "5s");

        Received received = Received.read(portico.port(), get("/reset"));

        assertThat(received.head()).startsWith("HTTP/1.1 200").containsIgnoringCase("content-length: 1048576");
        assertThat(received.bodyBytes()).isLessThan(1024 * 1024);
    }

    @Test
    void neverEndsAChunkedBodyCleanlyWhenTheUpstreamResetsMidBody() throws Exception {
        TestOrigin origin = origin();
        origin.otherwise(Reply.generated(1024 * 1024).chunked().resetAfter(100 * 1024));
        GatewayFixture portico = direct(origin.port(), "5s");

        Received received = Received.read(portico.port(), get("/reset"));

        assertThat(received.head()).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked");
        assertThat(received.text()).doesNotContain("\r\n0\r\n\r\n");
        assertThat(received.bodyBytes()).isLessThan(1024 * 1024);
    }

    @Test
    void neverEndsABodyDelimitedByTheCloseCleanlyWhenTheUpstreamResets() throws Exception {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        resources.add(listener);
        Thread origin = new Thread(() -> answerWithoutLengthThenReset(listener), "resetting-origin");
        origin.setDaemon(true);
        origin.start();
        GatewayFixture portico = direct(listener.getLocalPort(), "5s");

        Received received = Received.read(portico.port(), get("/reset"));

        // Without a length only the upstream's close ends the body; a reset is no end, so no final chunk.
        assertThat(received.head()).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked");
        assertThat(received.text()).doesNotContain("\r\n0\r\n\r\n");
    }

    /** Answers one request with a body delimited by the connection's close, then resets instead of closing. */
    private static void answerWithoutLengthThenReset(ServerSocket listener) {
        try (Socket socket = listener.accept()) {
            InputStream in = socket.getInputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
            }
            socket.getOutputStream().write(("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\n" + "a".repeat(100 * 1024))
                    .getBytes(StandardCharsets.ISO_8859_1));
            // A deliberate pause, so that Portico relays part of the body before the reset.
            Thread.sleep(300);
            socket.setSoLinger(true, 0);
        } catch (IOException | InterruptedException e) {
            // The test ends by closing the listener; nothing to answer then.
        }
    }

    @Test
    void closesTheUpstreamConnectionWhenTheClientGoesAway() throws Exception {
        TestOrigin origin = origin();
        origin.otherwise(Reply.echo().headerDelay(Duration.ofSeconds(5)));
        GatewayFixture portico = direct(origin.port(), "30s");

        long start;
        try (RawHttpClient raw = RawHttpClient.connect(portico.port())) {
            raw.send(get("/slow"));
            origin.awaitRequests(1);
            assertThat(origin.openConnections()).isEqualTo(1);
            start = System.nanoTime();
        }

        Awaitility.await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> origin.openConnections() == 0);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        AccessLogEntry entry = portico.awaitLogged(e -> "/slow".equals(e.path()));
        assertThat(entry.status()).isEqualTo(499);
    }

    @Test
    void neverSendsAPostTwiceWhenTheUpstreamResets() throws Exception {
        TestOrigin a = origin();
        TestOrigin b = origin();
        a.otherwise(OriginBehaviour.resetBeforeResponse());
        b.otherwise(OriginBehaviour.resetBeforeResponse());
        GatewayFixture portico = twoTargets(a, b);

        for (int i = 0; i < 4; i++) {
            var response = portico.send(portico.request("/orders").POST(HttpRequest.BodyPublishers.ofString("{}")));
            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.body()).contains("\"error\":\"bad_gateway\"");
        }

        assertThat(a.requests().size() + b.requests().size()).as("POSTs received").isEqualTo(4);
        assertEachRequestIdOnce(a, b);
    }

    @Test
    void neverSendsAPostTwiceWhenTheUpstreamAnswersBadGateway() throws Exception {
        TestOrigin a = origin();
        TestOrigin b = origin();
        a.otherwise(Reply.status(502).body("a failed"));
        b.otherwise(Reply.status(502).body("b failed"));
        GatewayFixture portico = twoTargets(a, b);

        for (int i = 0; i < 4; i++) {
            var body = i % 2 == 0 ? HttpRequest.BodyPublishers.ofString("{}")
                    : HttpRequest.BodyPublishers.noBody();
            var response = portico.send(portico.request("/orders").POST(body));
            assertThat(response.statusCode()).isEqualTo(502);
        }

        assertThat(a.requests().size() + b.requests().size()).as("POSTs received").isEqualTo(4);
        assertEachRequestIdOnce(a, b);
    }

    @Test
    void retriesAGetOnTheOtherTarget() throws Exception {
        TestOrigin bad = origin();
        TestOrigin good = origin();
        bad.otherwise(OriginBehaviour.resetBeforeResponse());
        GatewayFixture portico = twoTargets(bad, good);

        for (int i = 0; i < 6; i++) {
            var response = portico.get("/items/" + i);
            assertThat(response.statusCode()).isEqualTo(200);
        }

        // Round-robin sends about every other first attempt to the bad target; each one was retried on the good one.
        assertThat(bad.requests()).isNotEmpty();
        assertThat(good.requests()).hasSize(6);
        Set<String> retried = requestIds(bad.requests());
        assertThat(requestIds(good.requests())).containsAll(retried);
        assertEachRequestIdOnce(bad, good);
    }

    @Test
    void retriesEachGetOnADifferentTargetUntilNoneIsLeft() throws Exception {
        TestOrigin a = origin();
        TestOrigin b = origin();
        a.otherwise(Reply.status(502));
        b.otherwise(Reply.status(503));
        GatewayFixture portico = twoTargets(a, b);

        var response = portico.get("/flaky");

        // attempts: 2 would allow three attempts, but only two targets exist: each is tried once.
        assertThat(response.statusCode()).isIn(502, 503);
        assertThat(a.requests()).hasSize(1);
        assertThat(b.requests()).hasSize(1);
        assertThat(a.requests().get(0).header("x-request-id")).isEqualTo(b.requests().get(0).header("x-request-id"));
    }

    @Test
    void answersServiceUnavailableWithRetryAfterWhenNoTargetIsHealthy() throws Exception {
        TestOrigin origin = origin();
        GatewayFixture portico = portico("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"]}
                upstreams:
                  - name: pool
                    targets: ["${ORIGIN}"]
                    health_checks:
                      active: {interval: 500ms, timeout: 400ms, healthy_after: 1, unhealthy_after: 1}
                services: [{name: svc, url: "http://pool"}]
                routes: [{name: all, paths: ["/"], service: svc}]
                """, Map.of("ORIGIN", "127.0.0.1:" + origin.port()));
        String target = "127.0.0.1:" + origin.port();
        portico.awaitHealth("pool", target, true);
        assertThat(portico.get("/up").statusCode()).isEqualTo(200);

        origin.healthy(false);
        portico.awaitHealth("pool", target, false);
        var response = portico.get("/down");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("retry-after")).hasValue("5");
        assertThat(response.body()).contains("\"error\":\"no_healthy_upstream\"");
        assertThat(origin.requests("/down")).isEmpty();
    }

    private static Set<String> requestIds(List<RecordedRequest> requests) {
        Set<String> ids = new HashSet<>();
        for (RecordedRequest request : requests) {
            ids.add(request.header("x-request-id"));
        }
        return ids;
    }

    /** No origin received the same request (by X-Request-Id) twice: a retry always goes elsewhere. */
    private static void assertEachRequestIdOnce(TestOrigin... origins) {
        for (TestOrigin origin : origins) {
            List<RecordedRequest> requests = origin.requests();
            assertThat(requestIds(requests)).hasSize(requests.size());
        }
    }

    /** Everything a raw client read after one request, until Portico closed or reset the connection. */
    private record Received(String head, long bodyBytes, String text) {

        static Received read(int port, String request) throws IOException {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[16 * 1024];
                try {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        all.write(buffer, 0, n);
                    }
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("connection still open after 5 s: the truncated response looked unfinished"
                            + " but was never cut", e);
                } catch (SocketException e) {
                    // A reset ends the response as surely as a close.
                }
            }
            String text = all.toString(StandardCharsets.ISO_8859_1);
            int headEnd = text.indexOf("\r\n\r\n");
            assertThat(headEnd).as("a complete response head").isPositive();
            return new Received(text.substring(0, headEnd), text.length() - headEnd - 4L, text);
        }
    }
}
