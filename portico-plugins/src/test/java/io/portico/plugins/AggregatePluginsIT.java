package io.portico.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portico.server.GatewayFixture;
import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The plugins of an aggregate route apply as on any route: authentication before any backend is
 * called, rate limits, the response cache (per consumer, never an incomplete answer) and response
 * transformation of the merged body. Every test uses paths of its own.
 */
class AggregatePluginsIT {

    private static final String ALICE_KEY = "k-alice-aggregate-41c9";
    private static final String BOB_KEY = "k-bob-aggregate-73e2";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final PluginGateway gateway = new PluginGateway("""
            version: 1
            proxy: {listen: ["127.0.0.1:0"], access_log: off}
            services:
              - {name: accounts, url: "http://${ORIGIN}/accounts"}
              - {name: billing, url: "http://${ORIGIN}/billing"}
              - {name: down, url: "http://127.0.0.1:1", retries: {attempts: 0}}
            routes:
              - name: dashboard
                paths: ["/dashboard/{section}"]
                aggregate:
                  backends:
                    - {service: accounts, path: "/{section}/me", key: account}
                    - {service: billing, path: "/{section}/invoices", key: invoices}
                plugins:
                  - {name: key-auth}
                  - {name: proxy-cache, config: {cache_ttl: 60s}}
                  - {name: response-transformer, config: {remove: {json: [account.secret]}}}
              - name: partial
                paths: ["/partial/{section}"]
                aggregate:
                  backends:
                    - {service: accounts, path: "/{section}/me", key: account}
                    - {service: down, path: /never, key: extra, optional: true}
                plugins:
                  - {name: key-auth}
                  - {name: proxy-cache, config: {cache_ttl: 60s}}
              - name: fragile
                paths: ["/fragile/{section}"]
                aggregate:
                  backends:
                    - {service: accounts, path: "/{section}/me", key: account}
                plugins:
                  - {name: proxy-cache, config: {cache_ttl: 1s, stale_if_error: 60s}}
              - name: limited
                paths: ["/limited/{section}"]
                aggregate:
                  backends:
                    - {service: accounts, path: "/{section}/me", key: account}
                plugins:
                  - {name: rate-limiting, config: {minute: 2, limit_by: ip}}
            consumers:
              - username: alice
                credentials: {key-auth: [{key: "%s"}]}
              - username: bob
                credentials: {key-auth: [{key: "%s"}]}
            """.formatted(ALICE_KEY, BOB_KEY));

    private final GatewayFixture portico = gateway.portico();
    private final TestOrigin origin = gateway.origin();

    private HttpResponse<String> get(String path, String apiKey) throws Exception {
        var request = portico.request(path);
        if (apiKey != null) {
            request.header("apikey", apiKey);
        }
        return portico.send(request);
    }

    private void answer(String section) {
        origin.route("/accounts/" + section + "/me", Reply.status(200).header("content-type", "application/json")
                .body("{\"name\":\"alice\",\"secret\":\"s3cr3t\"}"));
        origin.route("/billing/" + section + "/invoices", Reply.status(200).header("content-type", "application/json")
                .body("[{\"total\":12}]"));
    }

    private static String cacheStatus(HttpResponse<String> response) {
        return response.headers().firstValue("x-cache-status").orElse(null);
    }

    @Test
    void authenticatesBeforeCallingAnyBackend() throws Exception {
        answer("auth");

        HttpResponse<String> response = get("/dashboard/auth", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).isPresent();
        assertThat(origin.requests()).isEmpty();
    }

    @Test
    void backendsSeeTheConsumerAndTheMergedBodyIsTransformed() throws Exception {
        answer("consumer");

        HttpResponse<String> response = get("/dashboard/consumer", ALICE_KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("account").get("name").asText()).isEqualTo("alice");
        assertThat(body.get("account").has("secret")).as("response-transformer ran on the merged body").isFalse();
        assertThat(body.get("invoices").get(0).get("total").asInt()).isEqualTo(12);
        assertThat(origin.awaitRequests(2)).extracting(request -> request.header("x-consumer-username"))
                .containsOnly("alice");
    }

    @Test
    void theCacheAnswersRepeatsWithoutCallingTheBackendsAndNeverAcrossConsumers() throws Exception {
        answer("cached");

        HttpResponse<String> first = get("/dashboard/cached", ALICE_KEY);
        HttpResponse<String> second = get("/dashboard/cached", ALICE_KEY);
        HttpResponse<String> bobs = get("/dashboard/cached", BOB_KEY);

        assertThat(cacheStatus(first)).isEqualTo("Miss");
        assertThat(cacheStatus(second)).isEqualTo("Hit");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(cacheStatus(bobs)).isEqualTo("Miss");
        assertThat(origin.awaitRequests(4)).extracting(request -> request.header("x-consumer-username"))
                .containsExactlyInAnyOrder("alice", "alice", "bob", "bob");
    }

    @Test
    void anIncompleteAnswerIsNeverCached() throws Exception {
        answer("partial");

        HttpResponse<String> first = get("/partial/partial", ALICE_KEY);
        HttpResponse<String> second = get("/partial/partial", ALICE_KEY);

        assertThat(first.headers().firstValue("x-portico-incomplete")).hasValue("extra");
        assertThat(cacheStatus(first)).isEqualTo("Bypass");
        assertThat(cacheStatus(second)).isEqualTo("Bypass");
        assertThat(origin.awaitRequests(2)).hasSize(2);
    }

    @Test
    void aStaleCopyStandsInWhenARequiredBackendFails() throws Exception {
        answer("fragile");
        assertThat(cacheStatus(get("/fragile/fragile", null))).isEqualTo("Miss");
        origin.route("/accounts/fragile/me", Reply.status(503).body("down"));

        // Once the copy's second of freshness is over, the failing backend is asked and the copy answers.
        HttpResponse<String> stale = Awaitility.await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> get("/fragile/fragile", null), response -> "Stale".equals(cacheStatus(response)));

        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(stale.body()).get("account").get("name").asText()).isEqualTo("alice");
    }

    @Test
    void rateLimitsRefuseBeforeAnyBackendIsCalled() throws Exception {
        answer("limited");

        assertThat(get("/limited/limited", null).statusCode()).isEqualTo(200);
        assertThat(get("/limited/limited", null).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = get("/limited/limited", null);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("retry-after")).isPresent();
        assertThat(origin.requests("/accounts/limited")).hasSize(2);
    }
}
