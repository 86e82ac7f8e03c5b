package io.portico.plugins.requestsizelimiting;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugins.PluginGateway;
import io.portico.server.GatewayFixture;
import io.portico.testing.RawHttpClient;
import io.portico.testing.RawResponse;
import io.portico.testing.RecordedRequest;
import io.portico.testing.TestOrigin;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** request-size-limiting in a real gateway: bodies with a declared length and chunked ones. */
class RequestSizeLimitingIT {

    private static final int LIMIT = 1024;

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            services:
              - {name: echo, url: "http://${ORIGIN}"}
            routes:
              - {name: open, paths: ["/open"], service: echo, strip_path: false}
              - name: upload
                paths: ["/upload"]
                service: echo
                strip_path: false
                plugins:
                  - {name: request-size-limiting, config: {allowed_payload_size: 1, size_unit: kilobytes}}
              - name: strict
                paths: ["/strict"]
                service: echo
                strip_path: false
                plugins:
                  - {name: request-size-limiting, config: {allowed_payload_size: 1KB, require_content_length: true}}
            """;

    @RegisterExtension
    static final PluginGateway gateway = new PluginGateway(CONFIG);

    private final GatewayFixture portico = gateway.portico();
    private final TestOrigin origin = gateway.origin();

    @Test
    void refusesADeclaredBodyAboveTheLimitWithoutCallingTheOrigin() throws Exception {
        HttpResponse<String> response = portico.send(portico.request("/upload")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(LIMIT + 1))));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("\"error\":\"payload_too_large\"");
        assertOriginReceivedNothing();
    }

    @Test
    void forwardsABodyAtTheLimitIntact() throws Exception {
        byte[] body = body(LIMIT);

        HttpResponse<String> response = portico.send(portico.request("/upload")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(received.bodyLength()).isEqualTo(LIMIT);
        assertThat(received.body()).isEqualTo(body);
    }

    @Test
    void forwardsAChunkedBodyUnderTheLimitIntact() throws Exception {
        try (RawHttpClient client = RawHttpClient.connect(portico.port())) {
            RawResponse response = client.exchange(chunkedHead("/upload") + chunk(600) + chunk(400) + "0\r\n\r\n");

            assertThat(response.status()).isEqualTo(200);
        }
        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(received.bodyLength()).isEqualTo(1000);
        assertThat(received.bodyText()).isEqualTo("x".repeat(1000));
    }

    @Test
    void cutsOffAChunkedBodyThatGrowsAboveTheLimit() throws Exception {
        try (RawHttpClient client = RawHttpClient.connect(portico.port())) {
            // The head and a first chunk under the limit may reach the origin; the second crosses it.
            client.send(chunkedHead("/upload") + chunk(600));
            RawResponse response = client.send(chunk(600) + "0\r\n\r\n").readResponse();

            assertThat(response.status()).isEqualTo(413);
            assertThat(response.bodyText()).contains("\"error\":\"payload_too_large\"");
        }
        assertOriginReceivedNothing();
    }

    @Test
    void requiresAContentLengthWhenConfigured() throws Exception {
        try (RawHttpClient client = RawHttpClient.connect(portico.port())) {
            RawResponse response = client.exchange(chunkedHead("/strict") + chunk(10) + "0\r\n\r\n");

            assertThat(response.status()).isEqualTo(411);
            assertThat(response.bodyText()).contains("\"error\":\"length_required\"");
        }
        HttpResponse<String> declared = portico.send(portico.request("/strict")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(10))));
        assertThat(declared.statusCode()).isEqualTo(200);
        assertThat(origin.awaitRequests(1)).extracting(RecordedRequest::path).containsExactly("/strict");
    }

    /** A request on an unrestricted route is the only complete one the origin gets. */
    private void assertOriginReceivedNothing() throws Exception {
        assertThat(portico.get("/open").statusCode()).isEqualTo(200);
        assertThat(origin.awaitRequests(1)).extracting(RecordedRequest::path).containsExactly("/open");
    }

    private static String chunkedHead(String path) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
    }

    private static String chunk(int size) {
        return Integer.toHexString(size) + "\r\n" + "x".repeat(size) + "\r\n";
    }

    private static byte[] body(int size) {
        byte[] body = new byte[size];
        for (int i = 0; i < size; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        return body;
    }
}
