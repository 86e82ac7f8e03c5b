package io.portico.plugins.filelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.portico.plugins.PluginGateway;
import io.portico.server.GatewayFixture;
import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** file-log in a real gateway: lines checked field by field after known requests, with real credentials. */
class FileLogIT {

    private static final String ALICE_KEY = "k-alice-7d1e9b3c5a2f4e6d8c0b1a3f5e7d9c2b";
    private static final String ALICE_JWT_SECRET = "alice-jwt-secret-0123456789abcdef-0123456789";
    private static final String ALICE_PASSWORD = "correct-horse-battery-staple";
    private static final Path DIR = temporaryDirectory();
    private static final Path LOG = DIR.resolve("requests.log");

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            services:
              - {name: echo, url: "http://${ORIGIN}"}
            routes:
              - {name: open, paths: ["/open"], service: echo, strip_path: false}
              - {name: keyed, paths: ["/keyed"], service: echo, strip_path: false, plugins: [{name: key-auth}]}
              - {name: signed, paths: ["/signed"], service: echo, strip_path: false, plugins: [{name: jwt}]}
              - {name: staff, paths: ["/staff"], service: echo, strip_path: false, plugins: [{name: basic-auth}]}
              - name: status
                paths: ["=/status"]
                response: {status: 200, body: '{"ok":true}', headers: {content-type: application/json}}
            consumers:
              - username: alice
                credentials:
                  key-auth: [{key: "${ALICE_KEY}"}]
                  jwt: [{key: alice-app, algorithm: HS256, secret: "${ALICE_JWT_SECRET}"}]
                  basic-auth: [{username: alice, password: "${ALICE_PASSWORD}"}]
            plugins:
              - name: file-log
                config: {path: "${LOG}"}
            """;

    @RegisterExtension
    static final PluginGateway gateway = new PluginGateway(CONFIG, Map.of("LOG", LOG.toString(), "ALICE_KEY", ALICE_KEY,
            "ALICE_JWT_SECRET", ALICE_JWT_SECRET, "ALICE_PASSWORD", ALICE_PASSWORD));

    private final GatewayFixture portico = gateway.portico();
    private final TestOrigin origin = gateway.origin();

    @AfterAll
    static void removeLogs() throws IOException {
        try (var files = Files.list(DIR)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(DIR);
    }

    @Test
    void logsAProxiedRequestFieldByField() throws Exception {
        origin.route("/open/items", Reply.status(200).header("content-type", "text/plain").header("set-cookie",
                "sid=cookie-secret-42; HttpOnly").body("twelve bytes"));
        long before = System.currentTimeMillis();

        HttpResponse<String> response = portico.send(portico.request("/open/items?page=2&sort=asc")
                .header("X-Request-Id", "it-open-1").header("X-Trace", "t-1"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode line = awaitLine("it-open-1");
        assertThat(line.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(Instant.parse(line.get("time").asText()).toEpochMilli()).isEqualTo(line.get("started_at").asLong());
        assertThat(line.get("started_at").asLong()).isBetween(before, System.currentTimeMillis());
        assertThat(line.get("client_ip").asText()).isEqualTo("127.0.0.1");
        JsonNode request = line.get("request");
        assertThat(request.get("method").asText()).isEqualTo("GET");
        assertThat(request.get("uri").asText()).isEqualTo("/open/items?page=2&sort=asc");
        assertThat(request.get("url").asText()).isEqualTo("http://127.0.0.1/open/items?page=2&sort=asc");
        assertThat(request.get("host").asText()).isEqualTo("127.0.0.1");
        assertThat(request.at("/headers/x-trace").asText()).isEqualTo("t-1");
        assertThat(request.at("/headers/x-request-id").asText()).isEqualTo("it-open-1");
        assertThat(request.get("size").asLong()).isZero();
        JsonNode answered = line.get("response");
        assertThat(answered.get("status").asInt()).isEqualTo(200);
        assertThat(answered.at("/headers/content-type").asText()).isEqualTo("text/plain");
        assertThat(answered.at("/headers/set-cookie").asText()).isEqualTo("***");
        assertThat(answered.get("size").asLong()).isEqualTo(12);
        JsonNode latencies = line.get("latencies");
        double total = latencies.get("request").asDouble();
        double upstream = latencies.get("upstream").asDouble();
        assertThat(upstream).isBetween(0.0, total);
        assertThat(latencies.get("proxy").asDouble()).isCloseTo(total - upstream, within(0.0015));
        assertThat(line.at("/route/name").asText()).isEqualTo("open");
        assertThat(line.at("/service/name").asText()).isEqualTo("echo");
        assertThat(line.get("consumer").isNull()).isTrue();
        String target = "127.0.0.1:" + origin.port();
        assertThat(line.at("/upstream/target").asText()).isEqualTo(target);
        JsonNode tries = line.at("/upstream/tries");
        assertThat(tries).hasSize(1);
        assertThat(tries.get(0).get("target").asText()).isEqualTo(target);
        assertThat(tries.get(0).get("status").asInt()).isEqualTo(200);
        assertThat(tries.get(0).get("failure").isNull()).isTrue();
        assertThat(tries.get(0).get("latency_ms").asDouble()).isBetween(0.0, total);
        assertThat(logText()).doesNotContain("cookie-secret-42");
    }

    @Test
    void logsA401FromKeyAuthWithoutAnUpstream() throws Exception {
        HttpResponse<String> response = portico.send(portico.request("/keyed/x").header("X-Request-Id", "it-401"));

        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode line = awaitLine("it-401");
        assertThat(line.at("/response/status").asInt()).isEqualTo(401);
        assertThat(line.at("/response/size").asLong()).isEqualTo(response.body().length()).isPositive();
        assertThat(line.at("/response/headers/www-authenticate").asText()).isEqualTo("Key realm=\"portico\"");
        assertThat(line.at("/route/name").asText()).isEqualTo("keyed");
        assertThat(line.at("/service/name").asText()).isEqualTo("echo");
        assertThat(line.get("consumer").isNull()).isTrue();
        assertThat(line.get("upstream").isNull()).isTrue();
        assertThat(line.at("/latencies/upstream").isNull()).isTrue();
        assertThat(line.at("/latencies/proxy").asDouble()).isEqualTo(line.at("/latencies/request").asDouble());
        assertThat(origin.requests()).isEmpty();
    }

    @Test
    void masksAKeyAuthKeyInAHeaderAndInTheQuery() throws Exception {
        HttpResponse<String> inHeader = portico.send(portico.request("/keyed/h")
                .header("X-Request-Id", "it-key-header").header("apikey", ALICE_KEY));
        HttpResponse<String> inQuery = portico.send(portico.request("/keyed/q?apikey=" + ALICE_KEY + "&page=3")
                .header("X-Request-Id", "it-key-query"));

        assertThat(inHeader.statusCode()).isEqualTo(200);
        assertThat(inQuery.statusCode()).isEqualTo(200);
        JsonNode header = awaitLine("it-key-header");
        JsonNode query = awaitLine("it-key-query");
        assertThat(header.at("/request/headers/apikey").asText()).isEqualTo("***");
        assertThat(header.at("/consumer/username").asText()).isEqualTo("alice");
        assertThat(query.at("/request/uri").asText()).isEqualTo("/keyed/q?apikey=***&page=3");
        assertThat(query.at("/request/url").asText()).isEqualTo("http://127.0.0.1/keyed/q?apikey=***&page=3");
        assertThat(query.at("/consumer/username").asText()).isEqualTo("alice");
        assertThat(logText()).doesNotContain(ALICE_KEY);
    }

    @Test
    void masksABearerJwtAndABasicPassword() throws Exception {
        String token = aliceToken();
        String basic = Base64.getEncoder().encodeToString(("alice:" + ALICE_PASSWORD).getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> signed = portico.send(portico.request("/signed/x")
                .header("X-Request-Id", "it-jwt").header("Authorization", "Bearer " + token));
        HttpResponse<String> staff = portico.send(portico.request("/staff/x")
                .header("X-Request-Id", "it-basic").header("Authorization", "Basic " + basic));
        HttpResponse<String> wrongPassword = portico.send(portico.request("/staff/x?password=" + ALICE_PASSWORD)
                .header("X-Request-Id", "it-basic-wrong").header("Cookie", "session=cookie-value-9f8e7d")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("alice:" + ALICE_PASSWORD + "-wrong").getBytes(StandardCharsets.UTF_8))));

        assertThat(signed.statusCode()).isEqualTo(200);
        assertThat(staff.statusCode()).isEqualTo(200);
        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(awaitLine("it-jwt").at("/request/headers/authorization").asText()).isEqualTo("Bearer ***");
        assertThat(awaitLine("it-jwt").at("/consumer/username").asText()).isEqualTo("alice");
        assertThat(awaitLine("it-basic").at("/request/headers/authorization").asText()).isEqualTo("Basic ***");
        JsonNode wrong = awaitLine("it-basic-wrong");
        assertThat(wrong.at("/request/headers/authorization").asText()).isEqualTo("Basic ***");
        assertThat(wrong.at("/request/headers/cookie").asText()).isEqualTo("***");
        assertThat(wrong.at("/request/uri").asText()).isEqualTo("/staff/x?password=***");
        String everything = logText();
        assertThat(everything).doesNotContain(token, token.substring(token.lastIndexOf('.') + 1), basic,
                ALICE_PASSWORD, ALICE_JWT_SECRET, "cookie-value-9f8e7d");
    }

    @Test
    void logsAStaticAnswerWithoutServiceOrUpstream() throws Exception {
        HttpResponse<String> response = portico.send(portico.request("/status").header("X-Request-Id", "it-static"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode line = awaitLine("it-static");
        assertThat(line.at("/route/name").asText()).isEqualTo("status");
        assertThat(line.get("service").isNull()).isTrue();
        assertThat(line.get("upstream").isNull()).isTrue();
        assertThat(line.at("/response/headers/content-type").asText()).isEqualTo("application/json");
        assertThat(line.at("/response/size").asLong()).isEqualTo("{\"ok\":true}".length());
    }

    @Test
    void aRequestThatMatchesNoRouteIsNotLoggedByPlugins() throws Exception {
        HttpResponse<String> lost = portico.send(portico.request("/nowhere").header("X-Request-Id", "it-no-route"));
        HttpResponse<String> after = portico.send(portico.request("/open/after").header("X-Request-Id", "it-after"));

        assertThat(lost.statusCode()).isEqualTo(404);
        assertThat(after.statusCode()).isEqualTo(200);
        // The gateway's own access log has it; plugins run only for requests that found a route.
        portico.awaitLogged(entry -> "it-no-route".equals(entry.requestId()));
        awaitLine("it-after");
        assertThat(lines()).noneMatch(line -> line.get("request_id").asText().equals("it-no-route"));
    }

    private static String aliceToken() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("alice-app").subject("alice")
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(ALICE_JWT_SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static JsonNode awaitLine(String requestId) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (JsonNode line : lines()) {
                if (line.get("request_id").asText().equals(requestId)) {
                    return line;
                }
            }
            return null;
        }, line -> line != null);
    }

    private static List<JsonNode> lines() throws IOException {
        return LogLines.read(LOG);
    }

    private static String logText() throws IOException {
        return Files.readString(LOG, StandardCharsets.UTF_8);
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("portico-file-log-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
