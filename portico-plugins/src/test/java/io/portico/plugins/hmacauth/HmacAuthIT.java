package io.portico.plugins.hmacauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugins.PluginGateway;
import io.portico.server.GatewayFixture;
import io.portico.testing.RawHttpClient;
import io.portico.testing.RawResponse;
import io.portico.testing.RecordedRequest;
import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** hmac-auth in a real gateway: signed requests reach the origin with the consumer; others never do. */
class HmacAuthIT {

    private static final String SECRET = "alice-shared-secret-0123456789";

    private static final String CONFIG = """
            version: 1
            proxy:
              listen: ["127.0.0.1:0"]
            services:
              - {name: orders, url: "http://${ORIGIN}/api"}
            routes:
              - name: signed
                paths: ["/signed"]
                service: orders
                plugins: [{name: hmac-auth}]
              - name: hidden
                paths: ["/hidden"]
                service: orders
                plugins: [{name: hmac-auth, config: {hide_credentials: true}}]
              - name: strict
                paths: ["/strict"]
                service: orders
                plugins: [{name: hmac-auth, config: {enforce_headers: [date, request-line, digest], clock_skew: 10s}}]
              - name: open
                paths: ["/open"]
                service: orders
                plugins: [{name: hmac-auth, config: {anonymous: guest}}]
            consumers:
              - username: alice
                groups: [gold]
                credentials:
                  hmac-auth: [{username: alice-hmac, secret: "${SECRET}"}]
              - username: guest
            """;

    @RegisterExtension
    static final PluginGateway gateway = new PluginGateway(CONFIG, Map.of("SECRET", SECRET));

    private final GatewayFixture portico = gateway.portico();
    private final TestOrigin origin = gateway.origin();

    @BeforeEach
    void answerOk() {
        origin.otherwise(Reply.status(200).body("ok"));
    }

    private static String now() {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
    }

    private static String authorization(String headers, String signingString, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = Base64.getEncoder().encodeToString(mac.doFinal(signingString.getBytes(StandardCharsets.UTF_8)));
        return "hmac username=\"alice-hmac\", algorithm=\"hmac-sha256\", headers=\"" + headers + "\", signature=\""
                + signature + "\"";
    }

    private HttpResponse<String> signedGet(String pathAndQuery, String secret) throws Exception {
        String date = now();
        return portico.send(portico.request(pathAndQuery)
                .header("Date", date)
                .header("Authorization", authorization("date request-line",
                        "date: " + date + "\nGET " + pathAndQuery + " HTTP/1.1", secret)));
    }

    @Test
    void forwardsASignedRequestWithItsConsumer() throws Exception {
        HttpResponse<String> response = signedGet("/signed/orders?page=2", SECRET);

        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(received.uri()).isEqualTo("/api/orders?page=2");
        assertThat(received.header("x-consumer-username")).isEqualTo("alice");
        assertThat(received.header("x-consumer-groups")).isEqualTo("gold");
        assertThat(received.header("x-credential-identifier")).isEqualTo("alice-hmac");
        assertThat(received.header("authorization")).startsWith("hmac username=\"alice-hmac\"");
    }

    @Test
    void challengesAnUnsignedRequestWithoutCallingTheOrigin() throws Exception {
        HttpResponse<String> response = portico.get("/signed/orders");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).hasValue("hmac realm=\"portico\"");
        assertThat(response.body()).contains("\"status\":401", "\"error\":\"unauthorized\"",
                "\"message\":\"no hmac signature found in request\"");
        assertThat(portico.get("/signed/again").statusCode()).isEqualTo(401);
        assertThat(origin.requests()).isEmpty();
    }

    @Test
    void rejectsAWrongSignatureWithoutCallingTheOrigin() throws Exception {
        HttpResponse<String> response = signedGet("/signed/orders", "not-the-secret");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("invalid authentication credentials").doesNotContain("alice-hmac");
        assertThat(origin.requests()).isEmpty();
    }

    @Test
    void rejectsASignatureReplayedOnAnotherPath() throws Exception {
        String date = now();
        String authorization = authorization("date request-line", "date: " + date + "\nGET /signed/orders HTTP/1.1", SECRET);

        HttpResponse<String> response = portico.send(portico.request("/signed/admin")
                .header("Date", date).header("Authorization", authorization));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(origin.requests()).isEmpty();
    }

    @Test
    void removesTheAuthorizationHeaderWhenHidingCredentials() throws Exception {
        HttpResponse<String> response = signedGet("/hidden/x", SECRET);

        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(received.header("authorization")).isNull();
        assertThat(received.header("x-consumer-username")).isEqualTo("alice");
    }

    @Test
    void verifiesTheNormalizedPathTheClientSigned() throws Exception {
        String date = now();
        String normalized = authorization("date request-line", "date: " + date + "\nGET /signed/a/b HTTP/1.1", SECRET);
        String raw = authorization("date request-line", "date: " + date + "\nGET /signed//a/./b HTTP/1.1", SECRET);

        try (RawHttpClient client = RawHttpClient.connect(portico.port())) {
            RawResponse accepted = client.exchange("GET /signed//a/./b HTTP/1.1\r\nHost: gw\r\nDate: " + date
                    + "\r\nAuthorization: " + normalized + "\r\n\r\n");
            RawResponse refused = client.exchange("GET /signed//a/./b HTTP/1.1\r\nHost: gw\r\nDate: " + date
                    + "\r\nAuthorization: " + raw + "\r\n\r\n");

            assertThat(accepted.status()).isEqualTo(200);
            assertThat(refused.status()).isEqualTo(401);
        }
        assertThat(origin.awaitRequests(1)).hasSize(1);
    }

    @Test
    void requiresTheEnforcedHeadersAndForwardsTheBody() throws Exception {
        byte[] body = "{\"item\":7}".getBytes(StandardCharsets.UTF_8);
        String digest = "SHA-256=" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
        String date = now();

        HttpResponse<String> unenforced = portico.send(portico.request("/strict/orders")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Date", date).header("Digest", digest)
                .header("Authorization", authorization("date request-line",
                        "date: " + date + "\nPOST /strict/orders HTTP/1.1", SECRET)));
        HttpResponse<String> enforced = portico.send(portico.request("/strict/orders")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Date", date).header("Digest", digest)
                .header("Authorization", authorization("date request-line digest",
                        "date: " + date + "\nPOST /strict/orders HTTP/1.1\ndigest: " + digest, SECRET)));

        assertThat(unenforced.statusCode()).isEqualTo(401);
        assertThat(unenforced.body()).contains("the signature must cover the headers: date, request-line, digest");
        assertThat(enforced.statusCode()).isEqualTo(200);
        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.bodyText()).isEqualTo("{\"item\":7}");
        assertThat(origin.requests()).hasSize(1);
    }

    @Test
    void rejectsAStaleDate() throws Exception {
        String stale = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.ofInstant(Instant.now().minusSeconds(60), ZoneOffset.UTC));

        HttpResponse<String> response = portico.send(portico.request("/strict/orders")
                .header("Date", stale).header("Digest", "SHA-256=x")
                .header("Authorization", authorization("date request-line digest",
                        "date: " + stale + "\nGET /strict/orders HTTP/1.1\ndigest: SHA-256=x", SECRET)));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("the request date is outside the allowed clock skew");
        assertThat(origin.requests()).isEmpty();
    }

    @Test
    void letsUnsignedRequestsThroughAsTheAnonymousConsumer() throws Exception {
        HttpResponse<String> anonymous = portico.get("/open/x");
        HttpResponse<String> signed = signedGet("/open/y", SECRET);

        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(signed.statusCode()).isEqualTo(200);
        RecordedRequest first = origin.awaitRequests(2).get(0);
        RecordedRequest second = origin.requests().get(1);
        assertThat(first.header("x-consumer-username")).isEqualTo("guest");
        assertThat(first.header("x-anonymous-consumer")).isEqualTo("true");
        assertThat(second.header("x-consumer-username")).isEqualTo("alice");
        assertThat(second.header("x-anonymous-consumer")).isNull();
    }
}
