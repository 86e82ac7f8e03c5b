package io.portico.plugins.proxycache;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.PluginRegistry;
import io.portico.plugins.PluginGateway;
import io.portico.server.GatewayFixture;
import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** proxy-cache in a real gateway in front of a real origin. Every test uses paths of its own. */
class ProxyCacheIT {

    private static final String ALICE_KEY = "k-alice-cache-7d1e3f5a";
    private static final String BOB_KEY = "k-bob-cache-2b4c6d8e";

    @RegisterExtension
    static final PluginGateway gateway = new PluginGateway("""
            version: 1
            proxy: {listen: ["127.0.0.1:0"], access_log: off}
            services:
              - {name: origin, url: "http://${ORIGIN}"}
            routes:
              - name: cached
                paths: ["/cached"]
                service: origin
                plugins:
                  - {name: proxy-cache, config: {max_entry_size: 1KB, content_type: ["text/plain", "application/json"]}}
              - name: other
                paths: ["/other"]
                service: origin
                plugins:
                  - {name: proxy-cache}
              - name: private
                paths: ["/private"]
                service: origin
                plugins:
                  - {name: key-auth}
                  - {name: proxy-cache}
              - name: catalog
                paths: ["/catalog"]
                service: origin
                plugins:
                  - {name: key-auth}
                  - {name: proxy-cache, config: {share_across_consumers: true}}
            consumers:
              - username: alice
                credentials: {key-auth: [{key: "%s"}]}
              - username: bob
                credentials: {key-auth: [{key: "%s"}]}
            """.formatted(ALICE_KEY, BOB_KEY));

    private final GatewayFixture portico = gateway.portico();
    private final TestOrigin origin = gateway.origin();

    private static Reply text(String body, String... headers) {
        Reply reply = Reply.status(200).header("content-type", "text/plain").body(body);
        for (int i = 0; i < headers.length; i += 2) {
            reply = reply.header(headers[i], headers[i + 1]);
        }
        return reply;
    }

    private static String cacheStatus(HttpResponse<String> response) {
        return response.headers().firstValue("x-cache-status").orElse(null);
    }

    @Test
    void collapsesAHundredConcurrentMissesIntoOneUpstreamRequest() {
        origin.route("/busy", text("computed once").headerDelay(Duration.ofMillis(500)));

        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            responses.add(portico.client().sendAsync(portico.request("/cached/busy").build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<String> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            HttpResponse<String> done = response.join();
            assertThat(done.statusCode()).isEqualTo(200);
            assertThat(done.body()).isEqualTo("computed once");
            statuses.add(cacheStatus(done));
        }

        assertThat(origin.requests("/busy")).hasSize(1);
        assertThat(statuses).containsOnlyOnce("Miss");
        assertThat(statuses).filteredOn("Hit"::equals).hasSize(99);
    }

    @Test
    void servesAHitWithoutTheOriginAndWithItsHeaders() throws Exception {
        origin.route("/hit", text("hello", "etag", "\"1\"", "x-list", "a", "x-list", "b"));

        HttpResponse<String> miss = portico.get("/cached/hit");
        HttpResponse<String> hit = portico.get("/cached/hit");

        assertThat(cacheStatus(miss)).isEqualTo("Miss");
        assertThat(cacheStatus(hit)).isEqualTo("Hit");
        assertThat(hit.body()).isEqualTo("hello");
        assertThat(hit.headers().firstValue("etag")).hasValue("\"1\"");
        assertThat(hit.headers().firstValue("x-list")).hasValue("a, b");
        assertThat(hit.headers().firstValue("age")).isPresent();
        assertThat(hit.headers().firstValue("x-cache-key")).isEqualTo(miss.headers().firstValue("x-cache-key"));
        assertThat(origin.requests("/hit")).hasSize(1);
    }

    @Test
    void sharesCopiesAcrossConsumersOnlyWhenConfiguredAndTheResponseIsPublic() throws Exception {
        origin.route("/shared-public", text("the same for all", "cache-control", "public, max-age=60"));
        origin.route("/shared-plain", text("maybe personal", "cache-control", "max-age=60"));

        HttpResponse<String> alice = portico.send(portico.request("/catalog/shared-public").header("apikey", ALICE_KEY));
        HttpResponse<String> bob = portico.send(portico.request("/catalog/shared-public").header("apikey", BOB_KEY));
        HttpResponse<String> alicePlain = portico.send(portico.request("/catalog/shared-plain").header("apikey", ALICE_KEY));
        HttpResponse<String> bobPlain = portico.send(portico.request("/catalog/shared-plain").header("apikey", BOB_KEY));
        HttpResponse<String> nobody = portico.get("/catalog/shared-public");

        assertThat(cacheStatus(alice)).isEqualTo("Miss");
        assertThat(cacheStatus(bob)).isEqualTo("Hit");
        assertThat(bob.body()).isEqualTo("the same for all");
        // Without public or s-maxage, an authenticated answer may not go into a cache that others read (RFC 9111 §3.5).
        assertThat(cacheStatus(alicePlain)).isEqualTo("Bypass");
        assertThat(cacheStatus(bobPlain)).isEqualTo("Bypass");
        assertThat(nobody.statusCode()).as("the cache never lets a request skip authentication").isEqualTo(401);
        assertThat(origin.requests("/shared-public")).hasSize(1);
        assertThat(origin.requests("/shared-plain")).hasSize(2);
    }

    @Test
    void neverServesOneConsumersCopyToAnother() throws Exception {
        origin.route("/mine", text("personal", "cache-control", "public, max-age=60"));

        HttpResponse<String> alice = portico.send(portico.request("/private/mine").header("apikey", ALICE_KEY));
        HttpResponse<String> bob = portico.send(portico.request("/private/mine").header("apikey", BOB_KEY));
        HttpResponse<String> aliceAgain = portico.send(portico.request("/private/mine").header("apikey", ALICE_KEY));

        assertThat(cacheStatus(alice)).isEqualTo("Miss");
        assertThat(cacheStatus(bob)).isEqualTo("Miss");
        assertThat(cacheStatus(aliceAgain)).isEqualTo("Hit");
        assertThat(origin.requests("/mine")).extracting(request -> request.header("x-consumer-username"))
                .containsExactly("alice", "bob");
        assertThat(portico.get("/private/mine").statusCode()).isEqualTo(401);
    }

    @Test
    void neverServesOneRoutesCopyToAnother() throws Exception {
        origin.route("/same", text("same upstream path"));

        HttpResponse<String> first = portico.get("/cached/same");
        HttpResponse<String> second = portico.get("/other/same");

        assertThat(cacheStatus(first)).isEqualTo("Miss");
        assertThat(cacheStatus(second)).isEqualTo("Miss");
        assertThat(origin.requests("/same")).hasSize(2);
    }

    @Test
    void keepsOneVariantPerVaryHeaderValue() throws Exception {
        origin.route("/greeting", text("bonjour", "vary", "Accept-Language"));

        HttpResponse<String> french = portico.send(portico.request("/cached/greeting").header("accept-language", "fr"));
        HttpResponse<String> frenchAgain = portico.send(portico.request("/cached/greeting").header("accept-language", "fr"));
        HttpResponse<String> english = portico.send(portico.request("/cached/greeting").header("accept-language", "en"));

        assertThat(cacheStatus(french)).isEqualTo("Miss");
        assertThat(cacheStatus(frenchAgain)).isEqualTo("Hit");
        assertThat(cacheStatus(english)).isEqualTo("Miss");
        assertThat(origin.requests("/greeting")).hasSize(2);
    }

    @Test
    void servesAStaleCopyWhileTheOriginFails() throws Exception {
        origin.route("/flaky", text("last good answer", "cache-control", "max-age=1, stale-if-error=60"));
        assertThat(cacheStatus(portico.get("/cached/flaky"))).isEqualTo("Miss");
        origin.route("/flaky", Reply.status(503).body("origin down"));

        HttpResponse<String> stale = Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> portico.get("/cached/flaky"), response -> "Stale".equals(cacheStatus(response)));
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo("last good answer");

    }

    @Test
    void servesAStaleCopyWhileTheOriginIsUnreachable() throws Exception {
        TestOrigin own = TestOrigin.start();
        try (GatewayFixture gateway = GatewayFixture.start("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"], access_log: off}
                services: [{name: own, url: "http://${ORIGIN}"}]
                routes:
                  - {name: own, paths: [/], service: own, plugins: [{name: proxy-cache, config: {cache_ttl: 1s, stale_if_error: 1m}}]}
                """, Map.of("ORIGIN", "127.0.0.1:" + own.port()), PluginRegistry.discover())) {
            own.route("/", text("kept"));
            assertThat(cacheStatus(gateway.get("/page"))).isEqualTo("Miss");
            own.close();

            HttpResponse<String> stale = Awaitility.await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> gateway.get("/page"), response -> !"Hit".equals(cacheStatus(response)));

            assertThat(stale.statusCode()).isEqualTo(200);
            assertThat(cacheStatus(stale)).isEqualTo("Stale");
            assertThat(stale.body()).isEqualTo("kept");
        } finally {
            own.close();
        }
    }

    @Test
    void aResponseLargerThanAnEntryPassesWholeAndIsNotStored() throws Exception {
        origin.route("/large", text("x".repeat(5000)));

        HttpResponse<String> first = portico.get("/cached/large");
        HttpResponse<String> second = portico.get("/cached/large");

        assertThat(first.body()).hasSize(5000);
        assertThat(second.body()).hasSize(5000);
        assertThat(cacheStatus(second)).isEqualTo("Miss");
        assertThat(origin.requests("/large")).hasSize(2);
    }

    @Test
    void requestsThatAreNotCacheableBypass() throws Exception {
        origin.route("/post", text("posted"));

        HttpResponse<String> post = portico.send(portico.request("/cached/post").POST(HttpRequest.BodyPublishers.ofString("x")));
        HttpResponse<String> noStore = portico.send(portico.request("/cached/post").header("cache-control", "no-store"));

        assertThat(cacheStatus(post)).isEqualTo("Bypass");
        assertThat(cacheStatus(noStore)).isEqualTo("Bypass");
        assertThat(cacheStatus(portico.get("/cached/post"))).isEqualTo("Miss");
    }

    @Test
    void countsRequestsPerRouteAndResult() throws Exception {
        origin.route("/counted", text("count me"));
        double hitsBefore = portico.scrapeMetrics().sum("portico_cache_requests_total", "route", "other", "result", "hit");

        portico.get("/other/counted");
        portico.get("/other/counted");

        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                portico.scrapeMetrics().sum("portico_cache_requests_total", "route", "other", "result", "hit"))
                .isEqualTo(hitsBefore + 1));
    }
}
