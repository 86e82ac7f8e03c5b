package io.portico.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each behaviour of {@link TestOrigin} and {@link RawHttpClient}, over real sockets. */
class OriginFixtureIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestOrigin origin = TestOrigin.start();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stopOrigin() {
        origin.close();
    }

    @Test
    void echoesRequestByDefault() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(origin.uri("/any/path?q=1"))
                        .header("x-test", "one")
                        .POST(HttpRequest.BodyPublishers.ofString("hello"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode echo = JSON.readTree(response.body());
        assertThat(echo.get("method").asText()).isEqualTo("POST");
        assertThat(echo.get("uri").asText()).isEqualTo("/any/path?q=1");
        assertThat(echo.get("headers").get("x-test").get(0).asText()).isEqualTo("one");
        assertThat(echo.get("body_length").asLong()).isEqualTo(5);
        assertThat(echo.get("body_sha256").asText()).isEqualTo(TestOrigin.sha256Hex("hello".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void recordsEveryRequestWithItsBody() throws Exception {
        http.send(HttpRequest.newBuilder(origin.uri("/a")).GET().build(), HttpResponse.BodyHandlers.discarding());
        http.send(HttpRequest.newBuilder(origin.uri("/b?x=y")).header("X-Multi", "1").header("X-Multi", "2")
                .PUT(HttpRequest.BodyPublishers.ofString("payload")).build(), HttpResponse.BodyHandlers.discarding());

        List<RecordedRequest> requests = origin.awaitRequests(2);

        assertThat(requests).extracting(RecordedRequest::method).containsExactly("GET", "PUT");
        RecordedRequest put = requests.get(1);
        assertThat(put.uri()).isEqualTo("/b?x=y");
        assertThat(put.path()).isEqualTo("/b");
        assertThat(put.version()).isEqualTo("HTTP/1.1");
        assertThat(put.headerValues("x-multi")).containsExactly("1", "2");
        assertThat(put.bodyText()).isEqualTo("payload");
        assertThat(put.bodyLength()).isEqualTo(7);
        assertThat(put.bodySha256()).isEqualTo(TestOrigin.sha256Hex("payload".getBytes(StandardCharsets.UTF_8)));
        assertThat(origin.requests("/a")).hasSize(1);
    }

    @Test
    void digestsALargeUploadWithoutKeepingIt() throws Exception {
        long length = 10L * 1024 * 1024;
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(origin.uri("/upload"))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedStream(length)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        RecordedRequest upload = origin.awaitRequests(1).get(0);
        assertThat(upload.header("transfer-encoding")).isEqualTo("chunked");
        assertThat(upload.bodyLength()).isEqualTo(length);
        assertThat(upload.bodySha256()).isEqualTo(TestOrigin.generatedSha256(length));
        assertThat(upload.bodyKept()).isFalse();
        assertThat(upload.body()).isEmpty();
        assertThat(JSON.readTree(response.body()).get("body_length").asLong()).isEqualTo(length);
    }

    @Test
    void servesFixedReplyOnLongestMatchingPrefix() throws Exception {
        origin.route("/api", Reply.status(201).header("x-origin", "api").body("api"))
                .route("/api/v2", Reply.status(202).header("x-origin", "v2").body("v2"))
                .otherwise(Reply.status(404).body("none"));

        HttpResponse<String> v2 = get("/api/v2/users");
        HttpResponse<String> api = get("/api/v1");
        HttpResponse<String> other = get("/elsewhere");

        assertThat(v2.statusCode()).isEqualTo(202);
        assertThat(v2.headers().firstValue("x-origin")).hasValue("v2");
        assertThat(v2.body()).isEqualTo("v2");
        assertThat(api.statusCode()).isEqualTo(201);
        assertThat(api.body()).isEqualTo("api");
        assertThat(other.statusCode()).isEqualTo(404);
    }

    @Test
    void streamsGeneratedBodyWithContentLength() throws Exception {
        long length = 3L * 1024 * 1024 + 7;
        origin.route("/gen", Reply.generated(length));

        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(origin.uri("/gen")).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.headers().firstValue("content-length")).hasValue(Long.toString(length));
        assertThat(response.body()).hasSize((int) length);
        assertThat(TestOrigin.sha256Hex(response.body())).isEqualTo(TestOrigin.generatedSha256(length));
    }

    @Test
    void streamsGeneratedBodyChunked() {
        origin.route("/gen", Reply.generated(100_000).chunked().chunkSize(30_000));

        try (RawHttpClient client = RawHttpClient.connect(origin.port())) {
            RawResponse response = client.exchange("GET /gen HTTP/1.1\r\nhost: origin\r\n\r\n");

            assertThat(response.header("transfer-encoding")).isEqualTo("chunked");
            assertThat(response.header("content-length")).isNull();
            assertThat(response.rawText()).contains("\r\n7530\r\n", "\r\n2710\r\n", "\r\n0\r\n\r\n");
            assertThat(TestOrigin.sha256Hex(response.body())).isEqualTo(TestOrigin.generatedSha256(100_000));
        }
    }

    @Test
    void delaysHeaders() throws Exception {
        origin.route("/slow", Reply.status(200).body("late").headerDelay(Duration.ofMillis(700)));

        assertThatThrownBy(() -> http.send(
                        HttpRequest.newBuilder(origin.uri("/slow")).timeout(Duration.ofMillis(200)).build(),
                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);

        long start = System.nanoTime();
        HttpResponse<String> response = get("/slow");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
        assertThat(response.body()).isEqualTo("late");
    }

    @Test
    void delaysBetweenBodyChunks() throws Exception {
        origin.route("/drip", Reply.generated(40).chunkSize(10).chunkDelay(Duration.ofMillis(150)));

        long start = System.nanoTime();
        HttpResponse<String> response = get("/drip");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
        assertThat(response.body()).isEqualTo("abcdefghijklmnopqrstuvwxyzabcdefghijklmn");
    }

    @Test
    void resetsConnectionInsteadOfResponding() {
        origin.route("/reset", OriginBehaviour.resetBeforeResponse());

        try (RawHttpClient client = RawHttpClient.connect(origin.port())) {
            client.send("GET /reset HTTP/1.1\r\nhost: origin\r\n\r\n");

            assertThatThrownBy(client::readResponse)
                    .isInstanceOf(UncheckedIOException.class)
                    .hasCauseInstanceOf(SocketException.class)
                    .cause().hasMessageContaining("reset");
        }
        assertThat(origin.awaitRequests(1).get(0).uri()).isEqualTo("/reset");
    }

    @Test
    void resetsConnectionAfterPartOfTheBody() {
        origin.route("/partial", Reply.generated(100_000).resetAfter(1_000));

        try (RawHttpClient client = RawHttpClient.connect(origin.port())) {
            client.send("GET /partial HTTP/1.1\r\nhost: origin\r\n\r\n");
            RawResponse head = client.readResponseHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("content-length")).isEqualTo("100000");

            assertThatThrownBy(client::readUntilClose)
                    .isInstanceOf(UncheckedIOException.class)
                    .hasCauseInstanceOf(SocketException.class)
                    .hasMessageContaining("abcdefghij");
        }
    }

    @Test
    void closesAfterHeaders() {
        origin.route("/cut", Reply.generated(5_000).closeAfterHeaders());

        try (RawHttpClient client = RawHttpClient.connect(origin.port())) {
            client.send("GET /cut HTTP/1.1\r\nhost: origin\r\n\r\n");
            RawResponse head = client.readResponseHead();

            assertThat(head.header("content-length")).isEqualTo("5000");
            assertThat(client.readUntilClose()).isEmpty();
        }
    }

    @Test
    void sendsRawBytes() {
        origin.route("/garbage", RawReply.garbageStatusLine())
                .route("/both", RawReply.contentLengthAndChunked())
                .route("/badchunk", RawReply.badChunkFraming())
                .route("/huge", RawReply.oversizedHeaders(70_000))
                .route("/custom", RawReply.of("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok"));

        assertThat(rawExchange("/garbage")).startsWith("HTTX/1.1 2OO Okay-ish\r\n");
        assertThat(rawExchange("/both")).contains("content-length: 5\r\ntransfer-encoding: chunked\r\n");
        assertThat(rawExchange("/badchunk")).contains("\r\n\r\nzz\r\nhello\r\n");
        String huge = rawExchange("/huge");
        assertThat(huge.substring(0, huge.indexOf("\r\n\r\n")).length()).isGreaterThan(70_000);
        assertThat(rawExchange("/custom")).isEqualTo("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok");
    }

    @Test
    void keepsConnectionOpenAfterRawReplyThatDoesNotClose() {
        origin.route("/raw", new RawReply("HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.US_ASCII), false));

        try (RawHttpClient client = RawHttpClient.connect(origin.port())) {
            assertThat(client.exchange("GET /raw HTTP/1.1\r\nhost: o\r\n\r\n").status()).isEqualTo(204);
            assertThat(client.exchange("GET /raw HTTP/1.1\r\nhost: o\r\n\r\n").status()).isEqualTo(204);
        }
        assertThat(origin.connectionCount()).isEqualTo(1);
    }

    @Test
    void flipsHealth() throws Exception {
        assertThat(get(TestOrigin.HEALTH_PATH).statusCode()).isEqualTo(200);

        origin.healthy(false);
        HttpResponse<String> down = get(TestOrigin.HEALTH_PATH);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).isEqualTo("{\"status\":\"down\"}");

        origin.healthy(true);
        assertThat(get(TestOrigin.HEALTH_PATH).statusCode()).isEqualTo(200);
    }

    @Test
    void countsConnections() throws Exception {
        get("/one");
        get("/two");
        assertThat(origin.connectionCount()).isEqualTo(1);

        try (RawHttpClient client = RawHttpClient.connect(origin.port())) {
            client.exchange("GET /three HTTP/1.1\r\nhost: o\r\n\r\n");
        }
        assertThat(origin.connectionCount()).isEqualTo(2);
        assertThat(origin.requests()).extracting(RecordedRequest::connection).containsExactly(1, 1, 2);
    }

    @Test
    void closesConnectionWhenAsked() {
        origin.route("/bye", Reply.status(200).body("bye").closeConnection());

        try (RawHttpClient client = RawHttpClient.connect(origin.port())) {
            RawResponse response = client.exchange("GET /bye HTTP/1.1\r\nhost: o\r\n\r\n");

            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(client.awaitClose()).isTrue();
        }
    }

    @Test
    void closesIdleConnectionsOnDemand() {
        try (RawHttpClient client = RawHttpClient.connect(origin.port())) {
            client.exchange("GET / HTTP/1.1\r\nhost: o\r\n\r\n");
            assertThat(origin.openConnections()).isEqualTo(1);

            origin.closeConnections();

            assertThat(client.awaitClose()).isTrue();
        }
    }

    @Test
    void answersPipelinedRequestsInOrder() {
        origin.route("/slow", Reply.status(200).body("first").headerDelay(Duration.ofMillis(100)))
                .route("/fast", Reply.status(200).body("second"));

        try (RawHttpClient client = RawHttpClient.connect(origin.port())) {
            client.send("GET /slow HTTP/1.1\r\nhost: o\r\n\r\nGET /fast HTTP/1.1\r\nhost: o\r\n\r\n");

            assertThat(client.readResponse().bodyText()).isEqualTo("first");
            assertThat(client.readResponse().bodyText()).isEqualTo("second");
        }
    }

    @Test
    void answersExpectContinueBeforeReadingTheBody() {
        try (RawHttpClient client = RawHttpClient.connect(origin.port())) {
            client.send("POST /up HTTP/1.1\r\nhost: o\r\ncontent-length: 3\r\nexpect: 100-continue\r\n\r\n");
            assertThat(client.readResponse().status()).isEqualTo(100);

            RawResponse response = client.send("abc").readResponse();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).contains("\"body_length\":3");
        }
    }

    @Test
    void sendsNoBodyForHead() {
        origin.route("/h", Reply.status(200).body("hidden"));

        try (RawHttpClient client = RawHttpClient.connect(origin.port())) {
            RawResponse head = client.send("HEAD /h HTTP/1.1\r\nhost: o\r\n\r\n").readResponseHead();
            assertThat(head.header("content-length")).isEqualTo("6");

            assertThat(client.exchange("GET /h HTTP/1.1\r\nhost: o\r\n\r\n").bodyText()).isEqualTo("hidden");
        }
    }

    @Test
    void rejectsMalformedRequestWith400AndClose() {
        try (RawHttpClient client = RawHttpClient.connect(origin.port())) {
            RawResponse response = client.exchange("GET / HTTP/1.1\r\nhost: o\r\ncontent-length: zz\r\n\r\n");

            assertThat(response.status()).isEqualTo(400);
            assertThat(client.awaitClose()).isTrue();
        }
        assertThat(origin.requests()).isEmpty();
    }

    @Test
    void failsAwaitWhenTooFewRequestsArrive() throws Exception {
        get("/only");

        assertThatThrownBy(() -> origin.awaitRequests(2, Duration.ofMillis(200)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("received 1 requests");
    }

    @Test
    void rawClientTimesOutWhenNothingArrives() {
        origin.route("/never", Reply.status(200).headerDelay(Duration.ofSeconds(30)));

        try (RawHttpClient client = RawHttpClient.connect("127.0.0.1", origin.port(), Duration.ofMillis(200))) {
            client.send("GET /never HTTP/1.1\r\nhost: o\r\n\r\n");

            assertThatThrownBy(client::readResponse)
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("no data within");
            assertThat(client.awaitClose()).isFalse();
        }
    }

    @Test
    void rawClientReadsBodyUntilCloseWithoutFraming() {
        origin.route("/eof", RawReply.of("HTTP/1.1 200 OK\r\nconnection: close\r\n\r\nuntil the end"));

        try (RawHttpClient client = RawHttpClient.connect(origin.port())) {
            assertThat(client.exchange("GET /eof HTTP/1.1\r\nhost: o\r\n\r\n").bodyText()).isEqualTo("until the end");
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(origin.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String rawExchange(String path) {
        try (RawHttpClient client = RawHttpClient.connect(origin.port())) {
            return client.send("GET " + path + " HTTP/1.1\r\nhost: o\r\n\r\n").readUntilClose();
        }
    }

    /** The generated pattern as an upload, produced on the fly. */
    private static final class GeneratedStream extends InputStream {
        private final long length;
        private long position;

        GeneratedStream(long length) {
            this.length = length;
        }

        @Override
        public int read() {
            return position < length ? TestOrigin.generatedByte(position++) : -1;
        }

        @Override
        public int read(byte[] target, int offset, int count) {
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(count, length - position);
            for (int i = 0; i < n; i++) {
                target[offset + i] = TestOrigin.generatedByte(position++);
            }
            return n;
        }
    }
}
