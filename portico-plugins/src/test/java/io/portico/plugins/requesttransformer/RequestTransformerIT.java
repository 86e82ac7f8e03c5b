package io.portico.plugins.requesttransformer;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugins.PluginGateway;
import io.portico.server.GatewayFixture;
import io.portico.testing.RawHttpClient;
import io.portico.testing.RecordedRequest;
import io.portico.testing.TestOrigin;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** request-transformer in a real gateway: what the origin receives. */
class RequestTransformerIT {

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            services: [{name: accounts, url: "http://${ORIGIN}/api"}]
            routes:
              - name: users
                paths: ["/users/{id}"]
                service: accounts
                plugins:
                  - name: request-transformer
                    config:
                      http_method: POST
                      replace: {uri: "/v2/accounts/{id}"}
                      remove: {headers: [x-internal], querystring: [debug]}
                      rename: {querystring: ["p:page"]}
                      add: {headers: ["x-account-id:$(uri_captures.id)"], querystring: ["source:gateway"]}
              - name: payments
                paths: ["/payments"]
                service: accounts
                strip_path: false
                plugins:
                  - name: request-transformer
                    config:
                      remove: {body: [card.cvv]}
                      add: {body: ["channel:api"]}
                      max_body_size: 1KB
              - name: legacy
                paths: ["/legacy"]
                service: accounts
                plugins:
                  - name: request-transformer
                    config: {append: {headers: ["x-legacy:yes"]}}
            """;

    @RegisterExtension
    static final PluginGateway gateway = new PluginGateway(CONFIG);

    private final GatewayFixture portico = gateway.portico();
    private final TestOrigin origin = gateway.origin();

    @Test
    void rewritesPathMethodHeadersAndQueryBeforeTheRequestGoesUpstream() throws Exception {
        HttpResponse<String> response = portico.send(portico.request("/users/42?p=3&debug=1")
                .header("x-internal", "secret-route-info"));

        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.uri()).isEqualTo("/api/v2/accounts/42?page=3&source=gateway");
        assertThat(received.header("x-account-id")).isEqualTo("42");
        assertThat(received.header("x-internal")).isNull();
    }

    @Test
    void rewritesAJsonBodyAndSendsItWithItsNewLength() throws Exception {
        HttpResponse<String> response = portico.send(portico.request("/payments")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"card\":{\"number\":\"4111\",\"cvv\":\"123\"}}")));

        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(received.bodyText()).isEqualTo("{\"card\":{\"number\":\"4111\"},\"channel\":\"api\"}");
        assertThat(received.header("content-length")).isEqualTo(Integer.toString(received.bodyText().length()));
        assertThat(received.header("transfer-encoding")).isNull();
    }

    @Test
    void gathersAChunkedBodyAndAnswersAnExpectContinueItself() throws Exception {
        String body = "{\"card\":{\"cvv\":\"999\"}}";
        try (RawHttpClient client = RawHttpClient.connect(portico.port())) {
            client.send("POST /payments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n");
            assertThat(client.readResponseHead().status()).isEqualTo(100);
            client.send(Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n");
            assertThat(client.readResponse().status()).isEqualTo(200);
        }
        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(received.bodyText()).isEqualTo("{\"card\":{},\"channel\":\"api\"}");
        assertThat(received.header("expect")).isNull();
    }

    @Test
    void refusesABodyLargerThanItsBoundWithoutReachingTheUpstream() throws Exception {
        HttpResponse<String> declared = portico.send(portico.request("/payments")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"pad\":\"" + "x".repeat(2048) + "\"}")));
        HttpResponse<String> streamed = portico.send(portico.request("/payments")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        ("{\"pad\":\"" + "y".repeat(4096) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8)))));

        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(streamed.statusCode()).isEqualTo(413);
        assertThat(origin.requests()).isEmpty();
    }

    @Test
    void streamsLargeBodiesWhenOnlyHeadersChange() throws Exception {
        HttpResponse<String> response = portico.send(portico.request("/legacy/upload")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[3 * 1024 * 1024])));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(origin.awaitRequests(1).get(0).header("content-length")).isEqualTo(Integer.toString(3 * 1024 * 1024));
    }

    @Test
    void leavesThePathAloneWhenOnlyHeadersChange() throws Exception {
        portico.get("/legacy/reports?year=2026");

        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(received.method()).isEqualTo("GET");
        assertThat(received.uri()).isEqualTo("/api/reports?year=2026");
        assertThat(received.header("x-legacy")).isEqualTo("yes");
    }
}
