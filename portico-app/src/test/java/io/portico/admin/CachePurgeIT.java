package io.portico.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.PluginRegistry;
import io.portico.server.GatewayFixture;
import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /cache/purge} against a real gateway whose proxy-cache holds real copies. */
class CachePurgeIT {

    private static final String TOKEN = "purge-admin-token-5f2a";
    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"], access_log: off}
            admin: {listen: "127.0.0.1:0", token: "${TOKEN}"}
            services: [{name: origin, url: "http://${ORIGIN}"}]
            routes:
              - {name: products, paths: [/products], service: origin, strip_path: false}
              - {name: news, paths: [/news], service: origin, strip_path: false}
            plugins:
              - name: proxy-cache
            """;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private TestOrigin origin;
    private GatewayFixture gateway;
    private AdminServer admin;

    @BeforeEach
    void start() throws Exception {
        origin = TestOrigin.start();
        origin.route("/products/1", text().header("cache-tag", "product-1, catalog"));
        origin.route("/products/2", text().header("surrogate-key", "product-2 catalog"));
        origin.route("/products/3", text().header("cache-tag", "product-3"));
        origin.route("/news", text());
        gateway = GatewayFixture.start(CONFIG, Map.of("TOKEN", TOKEN, "ORIGIN", "127.0.0.1:" + origin.port()),
                PluginRegistry.discover());
        admin = TestAdmin.start(gateway);
    }

    @AfterEach
    void stop() {
        admin.close();
        gateway.close();
        origin.close();
    }

    private static Reply text() {
        return Reply.status(200).header("content-type", "text/plain").body("copy");
    }

    private String cacheStatus(String path) throws Exception {
        return gateway.get(path).headers().firstValue("x-cache-status").orElseThrow();
    }

    private HttpResponse<String> purge(String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + "/cache/purge"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void prime(String... paths) throws Exception {
        for (String path : paths) {
            cacheStatus(path);
            assertThat(cacheStatus(path)).isEqualTo("Hit");
        }
    }

    @Test
    void purgesByTagFromCacheTagAndSurrogateKey() throws Exception {
        prime("/products/1", "/products/2", "/products/3");

        HttpResponse<String> response = purge("{\"tag\": \"catalog\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"tag\":\"catalog\",\"purged\":2}\n");
        assertThat(cacheStatus("/products/1")).isEqualTo("Miss");
        assertThat(cacheStatus("/products/2")).isEqualTo("Miss");
        assertThat(cacheStatus("/products/3")).isEqualTo("Hit");
    }

    @Test
    void purgesByTheKeyShownInXCacheKey() throws Exception {
        prime("/products/1", "/products/3");
        String key = gateway.get("/products/1").headers().firstValue("x-cache-key").orElseThrow();

        HttpResponse<String> response = purge("{\"key\": \"" + key + "\"}");

        assertThat(response.body()).isEqualTo("{\"key\":\"" + key + "\",\"purged\":1}\n");
        assertThat(cacheStatus("/products/1")).isEqualTo("Miss");
        assertThat(cacheStatus("/products/3")).isEqualTo("Hit");
    }

    @Test
    void purgesEveryCopyOfARoute() throws Exception {
        prime("/products/1", "/products/2", "/news");

        HttpResponse<String> response = purge("{\"route\": \"products\"}");

        assertThat(response.body()).isEqualTo("{\"route\":\"products\",\"purged\":2}\n");
        assertThat(cacheStatus("/products/1")).isEqualTo("Miss");
        assertThat(cacheStatus("/news")).isEqualTo("Hit");
    }

    @Test
    void rejectsABodyThatNamesNothingOrTooMuch() throws Exception {
        for (String body : new String[] {"", "not json", "{}", "{\"tag\": 3}", "{\"tag\": \"\"}",
                "{\"tag\": \"a\", \"key\": \"b\"}", "{\"colour\": \"red\"}", "[\"tag\"]"}) {
            HttpResponse<String> response = purge(body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.body()).as(body).contains("\"error\":\"bad_request\"")
                    .contains("exactly one of \\\"key\\\", \\\"route\\\" or \\\"tag\\\"");
        }
    }

    @Test
    void onlyPostIsAllowedAndTheTokenIsRequired() throws Exception {
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port()
                + "/cache/purge")).header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port()
                + "/cache/purge")).POST(HttpRequest.BodyPublishers.ofString("{\"tag\":\"x\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("allow")).hasValue("POST");
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }
}
