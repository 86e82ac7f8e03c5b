package io.portico.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.server.GatewayFixture;
import io.portico.testing.RawHttpClient;
import io.portico.testing.RawResponse;
import io.portico.testing.RecordedRequest;
import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import io.portico.testing.TestPluginTypes;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Plugin chains in a real gateway: order, precedence, consumers, suspension, failures, bodies. */
class PluginChainIT {

    private final Queue<String> logged = new ConcurrentLinkedQueue<>();
    private TestOrigin origin;
    private GatewayFixture portico;

    @BeforeEach
    void startOrigin() {
        origin = TestOrigin.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (portico != null) {
            portico.close();
        }
        origin.close();
    }

    private void start(String yaml) throws Exception {
        portico = GatewayFixture.start(yaml, Map.of("ORIGIN", "127.0.0.1:" + origin.port()),
                TestPluginTypes.registry(logged));
    }

    private static final String CONSUMERS = """
            consumers:
              - username: alice
                groups: [gold, beta]
                credentials: {header-auth: [{token: t-alice}]}
              - username: bob
                credentials: {header-auth: [{token: t-bob}]}
              - username: guest
            """;

    @Test
    void runsPhasesInOrderAndPluginsByPriorityWithinAPhase() throws Exception {
        start("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"]}
                services: [{name: s, url: "http://${ORIGIN}"}]
                routes:
                  - name: r
                    paths: [/]
                    service: s
                    plugins:
                      - {name: trace-late, config: {label: late}}
                      - {name: trace, config: {label: mid}}
                      - {name: trace-early, config: {label: early}}
                """);

        HttpResponse<String> response = portico.get("/x");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(origin.awaitRequests(1).get(0).headerValues("x-trace"))
                .containsExactly("mid:rewrite", "early:access", "mid:access", "late:access", "mid:upstream_request");
        assertThat(response.headers().allValues("x-trace")).containsExactly("early:proxied", "mid:proxied", "late:proxied");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> logged.contains("mid:200"));
    }

    @Test
    void aConfiguredPriorityOverridesTheDefault() throws Exception {
        start("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"]}
                services: [{name: s, url: "http://${ORIGIN}"}]
                routes:
                  - name: r
                    paths: [/]
                    service: s
                    plugins:
                      - {name: trace-late, priority: 5000, config: {label: late}}
                      - {name: trace-early, config: {label: early}}
                """);

        portico.get("/x");

        assertThat(origin.awaitRequests(1).get(0).headerValues("x-trace")).containsExactly("late:access", "early:access");
    }

    @Test
    void theMostSpecificConfigurationOfAPluginWins() throws Exception {
        start("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"]}
                services:
                  - {name: s, url: "http://${ORIGIN}", plugins: [{name: trace, config: {label: service}}]}
                routes:
                  - {name: route-level, paths: [/r], service: s, plugins: [{name: trace, config: {label: route}}]}
                  - {name: service-level, paths: [/s], service: s}
                  - {name: other, paths: [/o], response: {status: 200}}
                plugins:
                  - {name: trace, config: {label: global}}
                """);

        assertThat(portico.get("/r").headers().allValues("x-trace")).containsExactly("route:proxied");
        assertThat(portico.get("/s").headers().allValues("x-trace")).containsExactly("service:proxied");
        assertThat(portico.get("/o").headers().allValues("x-trace")).containsExactly("global:local");
    }

    @Test
    void consumerPluginsApplyAfterAuthenticationWithConsumerAndRoutePrecedence() throws Exception {
        start("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"]}
                services: [{name: s, url: "http://${ORIGIN}"}]
                routes:
                  - {name: one, paths: [/one], service: s, plugins: [{name: header-auth}, {name: trace-late, config: {label: route}}]}
                  - {name: two, paths: [/two], service: s, plugins: [{name: header-auth}, {name: trace-late, config: {label: route}}]}
                consumers:
                  - username: alice
                    credentials: {header-auth: [{token: t-alice}]}
                    plugins:
                      - {name: trace-late, config: {label: alice}}
                      - {name: trace-late, route: two, config: {label: alice-on-two}}
                  - username: bob
                    credentials: {header-auth: [{token: t-bob}]}
                """);

        assertThat(get("/one", "t-alice").headers().allValues("x-trace")).containsExactly("alice:proxied");
        assertThat(get("/two", "t-alice").headers().allValues("x-trace")).containsExactly("alice-on-two:proxied");
        assertThat(get("/one", "t-bob").headers().allValues("x-trace")).containsExactly("route:proxied");
    }

    @Test
    void setsConsumerHeadersUpstreamAndDropsTheClientsOwn() throws Exception {
        start("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"]}
                services: [{name: s, url: "http://${ORIGIN}"}]
                routes:
                  - {name: open, paths: [/open], service: s}
                  - {name: authed, paths: [/authed], service: s, plugins: [{name: header-auth, config: {anonymous: guest}}]}
                """ + CONSUMERS);

        send(portico.request("/open").header("X-Consumer-Username", "admin").header("X-Consumer-Groups", "root")
                .header("X-Credential-Identifier", "forged").header("X-Anonymous-Consumer", "false"));
        send(portico.request("/authed").header("x-token", "t-alice").header("X-Consumer-Username", "admin"));
        send(portico.request("/authed").header("X-Consumer-Username", "admin"));

        List<RecordedRequest> seen = origin.awaitRequests(3);
        RecordedRequest open = seen.get(0);
        assertThat(open.header("x-consumer-username")).isNull();
        assertThat(open.header("x-consumer-groups")).isNull();
        assertThat(open.header("x-credential-identifier")).isNull();
        assertThat(open.header("x-anonymous-consumer")).isNull();
        RecordedRequest alice = seen.get(1);
        assertThat(alice.headerValues("x-consumer-username")).containsExactly("alice");
        assertThat(alice.headerValues("x-consumer-groups")).containsExactly("gold, beta");
        assertThat(alice.headerValues("x-credential-identifier")).containsExactly("alice-token-1");
        assertThat(alice.header("x-anonymous-consumer")).isNull();
        RecordedRequest anonymous = seen.get(2);
        assertThat(anonymous.headerValues("x-consumer-username")).containsExactly("guest");
        assertThat(anonymous.headerValues("x-anonymous-consumer")).containsExactly("true");
        assertThat(anonymous.header("x-credential-identifier")).isNull();
    }

    @Test
    void refusesWithoutCredentialsAndStillRunsResponsePluginsOnTheError() throws Exception {
        start("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"]}
                services: [{name: s, url: "http://${ORIGIN}"}]
                routes:
                  - {name: r, paths: [/], service: s, plugins: [{name: header-auth}, {name: trace}]}
                """ + CONSUMERS);

        HttpResponse<String> response = portico.get("/x");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).hasValue("Token realm=\"test\"");
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.body()).contains("\"status\":401", "\"error\":\"unauthorized\"", "\"request_id\":\"");
        assertThat(response.headers().allValues("x-trace")).containsExactly("trace:local");
        assertThat(origin.requests()).isEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> logged.contains("trace:401"));
    }

    @Test
    void resumesOnTheEventLoopAfterAnAsynchronousStep() throws Exception {
        start("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"]}
                services: [{name: s, url: "http://${ORIGIN}"}]
                routes:
                  - {name: r, paths: [/], service: s, plugins: [{name: header-auth, config: {delay: 20ms}}]}
                """ + CONSUMERS);

        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            HttpRequest request = portico.request("/n" + i).header("x-token", i % 2 == 0 ? "t-alice" : "t-bob")
                    .timeout(Duration.ofSeconds(20)).build();
            responses.add(portico.client().sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }

        for (CompletableFuture<HttpResponse<String>> response : responses) {
            assertThat(response.get().statusCode()).isEqualTo(200);
        }
        for (RecordedRequest request : origin.awaitRequests(40)) {
            int n = Integer.parseInt(request.path().substring(2));
            assertThat(request.header("x-consumer-username")).isEqualTo(n % 2 == 0 ? "alice" : "bob");
        }
    }

    @Test
    void buffersAPostWhileAuthenticationWaitsAndForwardsItWhole() throws Exception {
        start("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"]}
                services: [{name: s, url: "http://${ORIGIN}"}]
                routes:
                  - {name: r, paths: [/], service: s, plugins: [{name: header-auth, config: {delay: 50ms}}]}
                """ + CONSUMERS);
        String body = "x".repeat(200_000);

        HttpResponse<String> response = send(portico.request("/upload").header("x-token", "t-alice")
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(received.bodyLength()).isEqualTo(body.length());
    }

    @Test
    void answers500WhenAPluginFailsAndNeverReachesTheUpstream() throws Exception {
        start("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"]}
                services: [{name: s, url: "http://${ORIGIN}"}]
                routes:
                  - {name: sync, paths: [/sync], service: s, plugins: [{name: explode}]}
                  - {name: async, paths: [/async], service: s, plugins: [{name: explode, config: {async: true}}]}
                """);

        for (String path : List.of("/sync", "/async")) {
            HttpResponse<String> response = portico.get(path);
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).contains("\"error\":\"plugin_failed\"").doesNotContain("Exception");
        }
        assertThat(origin.requests()).isEmpty();
        assertThat(portico.get("/sync").statusCode()).as("the connection and gateway keep working").isEqualTo(500);
    }

    @Test
    void aPluginAnswerStopsTheChainWithItsStatus() throws Exception {
        start("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"]}
                services: [{name: s, url: "http://${ORIGIN}"}]
                routes:
                  - {name: r, paths: [/], service: s, plugins: [{name: deny, config: {status: 451}}, {name: trace-late}]}
                """);

        HttpResponse<String> denied = send(portico.request("/x").header("x-deny", "1"));
        HttpResponse<String> allowed = portico.get("/y");

        assertThat(denied.statusCode()).isEqualTo(451);
        assertThat(denied.body()).contains("\"error\":\"denied\"");
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(origin.awaitRequests(1)).extracting(RecordedRequest::path).containsExactly("/y");
    }

    @Test
    void protectsStaticRoutesToo() throws Exception {
        start("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"]}
                routes:
                  - name: status
                    paths: ["=/status"]
                    response: {status: 200, body: "fine"}
                    plugins: [{name: header-auth}]
                """ + CONSUMERS);

        assertThat(portico.get("/status").statusCode()).isEqualTo(401);
        HttpResponse<String> allowed = send(portico.request("/status").header("x-token", "t-bob"));
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.body()).isEqualTo("fine");
    }

    @Test
    void rewritesWholeResponseBodiesWithinTheirBound() throws Exception {
        origin.route("/small", Reply.status(200).body("hello").chunked());
        origin.route("/large", Reply.status(200).body("y".repeat(5000)));
        start("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"]}
                services: [{name: s, url: "http://${ORIGIN}"}]
                routes:
                  - {name: r, paths: [/], service: s, plugins: [{name: upper-body, config: {max_bytes: 1KB}}]}
                """);

        try (RawHttpClient raw = RawHttpClient.connect(portico.port())) {
            RawResponse small = raw.exchange("GET /small HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(small.status()).isEqualTo(200);
            assertThat(small.bodyText()).isEqualTo("HELLO");
            assertThat(small.header("content-length")).isEqualTo("5");
            assertThat(small.header("transfer-encoding")).isNull();
            RawResponse large = raw.exchange("GET /large HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(large.status()).isEqualTo(502);
            assertThat(large.bodyText()).contains("\"error\":\"bad_gateway\"");
        }
    }

    @Test
    void refusesBodiesOverAPluginsLimitBeforeTheUpstreamSeesAWholeRequest() throws Exception {
        start("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"]}
                services: [{name: s, url: "http://${ORIGIN}"}]
                routes:
                  - {name: r, paths: [/], service: s, plugins: [{name: limit-body, config: {max_bytes: 100}}]}
                """);

        try (RawHttpClient raw = RawHttpClient.connect(portico.port())) {
            RawResponse declared = raw.exchange("POST /declared HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n"
                    + "z".repeat(101));
            assertThat(declared.status()).isEqualTo(413);
            String chunk = Integer.toHexString(60) + "\r\n" + "c".repeat(60) + "\r\n";
            RawResponse chunked = raw.exchange("POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + chunk + chunk + "0\r\n\r\n");
            assertThat(chunked.status()).isEqualTo(413);
            RawResponse fits = raw.exchange("POST /fits HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n" + "f".repeat(100));
            assertThat(fits.status()).isEqualTo(200);
        }
        assertThat(origin.awaitRequests(1)).extracting(RecordedRequest::path).containsExactly("/fits");
        assertThat(origin.requests()).extracting(RecordedRequest::path).doesNotContain("/declared", "/chunked");
    }

    @Test
    void aReloadSwapsChainsAtomically() throws Exception {
        start("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"]}
                services: [{name: s, url: "http://${ORIGIN}"}]
                routes: [{name: r, paths: [/], service: s, plugins: [{name: trace, config: {label: before}}]}]
                """);
        assertThat(portico.get("/").headers().allValues("x-trace")).containsExactly("before:proxied");

        portico.apply("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"]}
                services: [{name: s, url: "http://${ORIGIN}"}]
                routes: [{name: r, paths: [/], service: s, plugins: [{name: trace, config: {label: after}}]}]
                """, Map.of("ORIGIN", "127.0.0.1:" + origin.port()));

        assertThat(portico.get("/").headers().allValues("x-trace")).containsExactly("after:proxied");
    }

    @Test
    void upstreamRequestPluginsMayRemoveQueryParameters() throws Exception {
        start("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"]}
                services: [{name: s, url: "http://${ORIGIN}"}]
                routes: [{name: r, paths: [/], service: s, plugins: [{name: strip-query, config: {parameter: secret}}]}]
                """);

        portico.get("/q?a=1&secret=s%20p+q&b=2&secret=again");
        portico.get("/only?secret=x");

        List<RecordedRequest> seen = origin.awaitRequests(2);
        assertThat(seen.get(0).uri()).isEqualTo("/q?a=1&b=2");
        assertThat(seen.get(0).header("x-seen")).isEqualTo("s p q");
        assertThat(seen.get(1).uri()).isEqualTo("/only");
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send(portico.request(path).header("x-token", token));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return portico.send(request);
    }
}
