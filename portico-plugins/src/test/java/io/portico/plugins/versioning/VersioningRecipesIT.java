package io.portico.plugins.versioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.PluginRegistry;
import io.portico.server.GatewayFixture;
import io.portico.testing.TestOrigin;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each recipe of {@code examples/versioning.yaml}: the request reaches the service the recipe says. */
class VersioningRecipesIT {

    private static final Path EXAMPLE = Path.of("../examples/versioning.yaml");
    private static final int CANARY_REQUESTS = 2_000;

    private static TestOrigin v1;
    private static TestOrigin v2;
    private static TestOrigin v3;
    private static TestOrigin v3Canary;
    private static GatewayFixture portico;

    @BeforeAll
    static void start() throws Exception {
        v1 = TestOrigin.start();
        v2 = TestOrigin.start();
        v3 = TestOrigin.start();
        v3Canary = TestOrigin.start();
        Map<String, String> variables = Map.of("PORTICO_LISTEN", "127.0.0.1:0",
                "ORDERS_V1", "127.0.0.1:" + v1.port(), "ORDERS_V2", "127.0.0.1:" + v2.port(),
                "ORDERS_V3", "127.0.0.1:" + v3.port(), "ORDERS_V3_CANARY", "127.0.0.1:" + v3Canary.port());
        portico = GatewayFixture.start(Files.readString(EXAMPLE, StandardCharsets.UTF_8), variables,
                PluginRegistry.discover());
    }

    @AfterAll
    static void stop() {
        portico.close();
        for (TestOrigin origin : List.of(v1, v2, v3, v3Canary)) {
            origin.close();
        }
    }

    @BeforeEach
    void forgetEarlierRequests() {
        for (TestOrigin origin : List.of(v1, v2, v3, v3Canary)) {
            origin.clearRequests();
        }
    }

    @Test
    void versionInThePathPicksTheServiceAndIsStripped() throws Exception {
        assertThat(answeredBy(portico.request("/v1/orders/7"))).isSameAs(v1);
        assertThat(v1.requests().get(0).path()).isEqualTo("/orders/7");
        assertThat(answeredBy(portico.request("/v2/orders/7"))).isSameAs(v2);
        assertThat(v2.requests().get(0).path()).isEqualTo("/orders/7");
    }

    @Test
    void versionInXApiVersionOrAcceptVersion() throws Exception {
        assertThat(answeredBy(portico.request("/orders/7").header("X-API-Version", "2"))).isSameAs(v2);
        assertThat(answeredBy(portico.request("/orders/7").header("x-api-version", "2.0"))).isSameAs(v2);
        assertThat(answeredBy(portico.request("/orders/7").header("Accept-Version", "2"))).isSameAs(v2);
        assertThat(v2.requests().get(0).path()).isEqualTo("/orders/7");
        assertThat(answeredBy(portico.request("/orders/7").header("X-API-Version", "1"))).isSameAs(v1);
        assertThat(answeredBy(portico.request("/orders/7"))).isSameAs(v1);
    }

    @Test
    void versionInTheMediaType() throws Exception {
        assertThat(answeredBy(portico.request("/orders").header("Accept", "application/vnd.example.v2+json")))
                .isSameAs(v2);
        assertThat(answeredBy(portico.request("/orders")
                .header("Accept", "text/html, application/vnd.example.v2+json;q=0.9"))).isSameAs(v2);
        assertThat(answeredBy(portico.request("/orders").header("Accept", "application/json"))).isSameAs(v1);
        assertThat(answeredBy(portico.request("/orders").header("Accept", "application/vnd.example.v1+json")))
                .isSameAs(v1);
    }

    @Test
    void canarySplitsTheTrafficByWeight() throws Exception {
        for (int i = 0; i < CANARY_REQUESTS; i++) {
            assertThat(portico.get("/v3/orders/" + i).statusCode()).isEqualTo(200);
        }
        int tolerance = CANARY_REQUESTS * 5 / 100;
        assertThat(v3.requests()).hasSizeBetween(CANARY_REQUESTS * 90 / 100 - tolerance,
                CANARY_REQUESTS * 90 / 100 + tolerance);
        assertThat(v3Canary.requests()).hasSize(CANARY_REQUESTS - v3.requests().size());
        assertThat(v1.requests()).isEmpty();
        assertThat(v2.requests()).isEmpty();
    }

    @Test
    void theOldVersionAnnouncesItsDeprecationAndSunset() throws Exception {
        for (String path : List.of("/v1/orders", "/orders")) {
            HttpResponse<String> response = portico.get(path);
            assertThat(response.headers().allValues("Deprecation")).as(path).containsExactly("@1767225600");
            assertThat(response.headers().allValues("Sunset")).as(path).containsExactly("Wed, 30 Jun 2027 00:00:00 GMT");
            assertThat(response.headers().allValues("Link")).as(path)
                    .containsExactly("<https://developer.example.com/orders/migrate-to-v2>; rel=\"deprecation\"");
        }
        HttpResponse<String> current = portico.send(portico.request("/orders").header("X-API-Version", "2"));
        assertThat(current.headers().map()).doesNotContainKeys("deprecation", "sunset", "link");
    }

    /** Sends the request and returns the one origin that received it. */
    private static TestOrigin answeredBy(HttpRequest.Builder request) throws Exception {
        List<TestOrigin> origins = List.of(v1, v2, v3, v3Canary);
        int[] before = new int[origins.size()];
        for (int i = 0; i < origins.size(); i++) {
            before[i] = origins.get(i).requests().size();
        }
        HttpResponse<String> response = portico.send(request);
        assertThat(response.statusCode()).isEqualTo(200);
        TestOrigin answered = null;
        for (int i = 0; i < origins.size(); i++) {
            int received = origins.get(i).requests().size() - before[i];
            if (received > 0) {
                assertThat(answered).as("only one origin received the request").isNull();
                assertThat(received).isEqualTo(1);
                answered = origins.get(i);
            }
        }
        return answered;
    }
}
