package io.portico.plugins.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import io.portico.plugin.PluginRegistry;
import io.portico.server.GatewayFixture;
import io.portico.testing.TestOrigin;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JWKS key set over real sockets: fetched on first use, refreshed on an unknown kid at most once
 * per interval, shared by concurrent requests, and kept while the provider is down. Fetches are
 * counted at the test key server.
 */
class JwksIT {

    private static final KeyPair FIRST = TestTokens.ec("secp256r1");
    private static final KeyPair SECOND = TestTokens.ec("secp256r1");

    private static final String CONFIG = """
            version: 1
            proxy:
              listen: ["127.0.0.1:0"]
            services:
              - {name: echo, url: "http://${ORIGIN}"}
            routes:
              - name: open
                paths: ["/open"]
                service: echo
              - name: idp
                paths: ["/idp"]
                service: echo
                plugins:
                  - name: jwt
                    config:
                      jwks_uri: "${JWKS}"
                      jwks_refresh_interval: "${INTERVAL}"
                      jwks_cache_ttl: "${TTL}"
                      claims_to_headers: {jti: X-Token-Id}
            """;

    private TestOrigin origin;
    private TestKeyServer keys;
    private GatewayFixture portico;

    @BeforeEach
    void startServers() {
        origin = TestOrigin.start();
        keys = TestKeyServer.start();
        keys.serve(TestTokens.ecJwk(FIRST, "k1"));
    }

    @AfterEach
    void stopServers() {
        if (portico != null) {
            portico.close();
        }
        keys.close();
        origin.close();
    }

    private void startGateway(String refreshInterval, String cacheTtl) throws Exception {
        portico = GatewayFixture.start(CONFIG, Map.of("ORIGIN", "127.0.0.1:" + origin.port(), "JWKS", keys.jwksUri(),
                "INTERVAL", refreshInterval, "TTL", cacheTtl), PluginRegistry.discover());
    }

    /** A fresh token each time (a new jti), so the verified-token cache never answers for it. */
    private static String token(KeyPair key, String kid) {
        long exp = System.currentTimeMillis() / 1000 + 600;
        return TestTokens.token(TestTokens.header("ES256", kid),
                "{\"jti\":\"" + UUID.randomUUID() + "\",\"exp\":" + exp + "}",
                TestTokens.ecdsa(JWSAlgorithm.ES256, key.getPrivate()));
    }

    private int status(String token) throws Exception {
        return portico.send(portico.request("/idp").header("Authorization", "Bearer " + token)).statusCode();
    }

    @Test
    void fetchesTheKeySetOnFirstUseAndKeepsIt() throws Exception {
        startGateway("1h", "1h");

        for (int i = 0; i < 5; i++) {
            assertThat(status(token(FIRST, "k1"))).isEqualTo(200);
        }

        assertThat(keys.fetches()).isEqualTo(1);
        assertThat(origin.requests()).hasSize(5);
    }

    @Test
    void fetchesAgainForAnUnknownKidOnceTheIntervalHasPassed() throws Exception {
        startGateway("1s", "1h");
        assertThat(status(token(FIRST, "k1"))).isEqualTo(200);

        keys.serve(TestTokens.ecJwk(SECOND, "k2")); // the provider rotates its key
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> status(token(SECOND, "k2")) == 200);

        assertThat(keys.fetches()).isEqualTo(2);
        assertThat(status(token(FIRST, "k1"))).as("the retired key").isEqualTo(401);
    }

    @Test
    void refreshesAtMostOncePerInterval() throws Exception {
        startGateway("1h", "1h");
        assertThat(status(token(FIRST, "k1"))).isEqualTo(200);
        keys.serve(TestTokens.ecJwk(FIRST, "k1"), TestTokens.ecJwk(SECOND, "k2"));

        for (int i = 0; i < 10; i++) {
            assertThat(status(token(SECOND, "unknown-" + i))).isEqualTo(401);
            assertThat(status(token(SECOND, "k2"))).isEqualTo(401);
        }

        assertThat(keys.fetches()).isEqualTo(1);
    }

    @Test
    void keepsUsingKnownKeysWhileTheProviderIsDown() throws Exception {
        startGateway("1s", "1s");
        assertThat(status(token(FIRST, "k1"))).isEqualTo(200);

        keys.stop();

        // Longer than the TTL and the interval: refreshes are attempted, fail, and the keys stay.
        Awaitility.await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> status(token(FIRST, "k1")) == 200 && status(token(SECOND, "k2")) == 401);
    }

    @Test
    void keepsKnownKeysWhenTheProviderAnswersErrors() throws Exception {
        startGateway("1s", "1s");
        assertThat(status(token(FIRST, "k1"))).isEqualTo(200);

        keys.failWith(503);
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> status(token(FIRST, "k1")) == 200 && keys.fetches() >= 2);

        assertThat(status(token(FIRST, "k1"))).isEqualTo(200);
    }

    @Test
    void concurrentRequestsWithAColdCacheShareOneFetchAndNoEventLoopWaits() throws Exception {
        startGateway("1h", "1h");
        keys.holdFetches();

        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            responses.add(portico.client().sendAsync(portico.request("/idp")
                    .header("Authorization", "Bearer " + token(FIRST, "k1")).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> keys.fetches() == 1);
        Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> responses.stream().noneMatch(CompletableFuture::isDone));
        for (int i = 0; i < 10; i++) {
            // Requests that need no keys are served meanwhile: the waiting ones hold no event loop.
            assertThat(portico.send(HttpRequest.newBuilder(portico.uri("/open"))).statusCode()).isEqualTo(200);
        }

        keys.release();

        for (CompletableFuture<HttpResponse<String>> response : responses) {
            assertThat(response.get().statusCode()).isEqualTo(200);
        }
        assertThat(keys.fetches()).isEqualTo(1);
    }
}
