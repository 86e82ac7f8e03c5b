package io.portico.plugins.proxycache;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.Action;
import io.portico.plugin.CachePurge;
import io.portico.plugin.Completed;
import io.portico.plugin.Consumer;
import io.portico.plugin.Plugin;
import io.portico.plugin.RouteInfo;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugin.testing.MutableClock;
import io.portico.plugin.testing.TestExchange;
import io.portico.plugin.testing.TestPluginContext;
import io.portico.plugin.testing.TestResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ProxyCachePluginTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final TestPluginContext context = new TestPluginContext();
    private final Plugin plugin = plugin(Map.of());

    private Plugin plugin(Map<String, ?> config) {
        ConfigProbe<ProxyCacheConfig> probe = ConfigProbe.read(new ProxyCachePluginType(), config);
        assertThat(probe.problems()).isEmpty();
        context.clock = clock;
        return new ProxyCachePluginType().create(probe.config(), context).forRoute(new RouteInfo("test-route", "s"));
    }

    /** Runs one request through the plugin: the access decision, and for a proxied one the response. */
    private Action request(Plugin cache, TestExchange exchange, TestResponse response, String body) {
        Action action = cache.access(exchange);
        if (action == Action.proceed()) {
            cache.responseHeaders(exchange, response);
            if (response.bodyObserver != null) {
                response.bodyObserver.complete(body.getBytes(StandardCharsets.UTF_8));
            }
            cache.log(exchange, completed(response.status()));
        }
        return action;
    }

    private static TestResponse json(int status, String... headers) {
        TestResponse response = new TestResponse(status, false);
        response.headers.set("content-type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            response.headers.add(headers[i], headers[i + 1]);
        }
        return response;
    }

    private static Completed completed(int status) {
        return new Completed(status, "t", 0, 0, 0, 0, 0, List.of());
    }

    private static String text(Action action) {
        return new String(((Action.Respond) action).body(), StandardCharsets.UTF_8);
    }

    @Test
    void aMissIsStoredAndTheNextRequestIsAHitWithAge() {
        TestResponse first = json(200, "etag", "\"v1\"");
        assertThat(request(plugin, TestExchange.get("/a"), first, "{\"a\":1}")).isEqualTo(Action.proceed());
        assertThat(first.headers.get("x-cache-status")).isEqualTo("Miss");
        assertThat(first.observedMaxBytes).isEqualTo(1024 * 1024);

        clock.advance(Duration.ofSeconds(7));
        Action second = plugin.access(TestExchange.get("/a"));

        Action.Respond hit = (Action.Respond) second;
        assertThat(hit.status()).isEqualTo(200);
        assertThat(text(hit)).isEqualTo("{\"a\":1}");
        assertThat(hit.headers()).containsEntry("X-Cache-Status", "Hit").containsEntry("Age", "7")
                .containsEntry("etag", "\"v1\"").containsEntry("X-Cache-Key", first.headers.get("x-cache-key"));
        assertThat(context.metrics.value("portico_cache_requests_total", "test-route", "miss")).isEqualTo(1);
    }

    @Test
    void multiValuedHeadersAreServedJoined() {
        request(plugin, TestExchange.get("/m"), json(200, "x-list", "a", "x-list", "b"), "{}");

        Action.Respond hit = (Action.Respond) plugin.access(TestExchange.get("/m"));

        assertThat(hit.headers()).containsEntry("x-list", "a, b");
    }

    @Test
    void anExpiredCopyIsRefreshed() {
        request(plugin, TestExchange.get("/e"), json(200, "cache-control", "max-age=10"), "old");
        clock.advance(Duration.ofSeconds(10));

        TestResponse again = json(200, "cache-control", "max-age=10");
        assertThat(request(plugin, TestExchange.get("/e"), again, "new")).isEqualTo(Action.proceed());

        assertThat(again.headers.get("x-cache-status")).isEqualTo("Refresh");
        assertThat(text(plugin.access(TestExchange.get("/e")))).isEqualTo("new");
    }

    @Test
    void theRequestsMaxAgeLimitsTheCopysAge() {
        request(plugin, TestExchange.get("/r"), json(200), "v");
        clock.advance(Duration.ofSeconds(30));

        assertThat(plugin.access(TestExchange.get("/r").header("cache-control", "max-age=60"))).isInstanceOf(Action.Respond.class);
        assertThat(plugin.access(TestExchange.get("/r").header("cache-control", "max-age=20"))).isEqualTo(Action.proceed());
    }

    @Test
    void noCacheRequestGoesUpstreamAndStoresTheNewCopy() {
        request(plugin, TestExchange.get("/n"), json(200), "one");

        TestResponse refreshed = json(200);
        request(plugin, TestExchange.get("/n").header("cache-control", "no-cache"), refreshed, "two");

        assertThat(refreshed.headers.get("x-cache-status")).isEqualTo("Refresh");
        assertThat(text(plugin.access(TestExchange.get("/n")))).isEqualTo("two");
    }

    @Test
    void noStoreRequestIsNeitherServedNorStored() {
        TestResponse response = json(200);
        request(plugin, TestExchange.get("/s").header("cache-control", "no-store"), response, "x");

        assertThat(response.headers.get("x-cache-status")).isEqualTo("Bypass");
        assertThat(response.bodyObserver).isNull();
        assertThat(plugin.access(TestExchange.get("/s"))).isEqualTo(Action.proceed());
    }

    @Test
    void anUncacheableResponseIsABypass() {
        TestResponse response = json(200, "cache-control", "private");
        request(plugin, TestExchange.get("/p"), response, "mine");

        assertThat(response.headers.get("x-cache-status")).isEqualTo("Bypass");
        assertThat(response.bodyObserver).isNull();
    }

    @Test
    void aBodyTooLargeIsNotStored() {
        Plugin small = plugin(Map.of("max_entry_size", "4B"));
        TestResponse response = json(200);
        TestExchange exchange = TestExchange.get("/big");
        small.access(exchange);
        small.responseHeaders(exchange, response);
        assertThat(response.observedMaxBytes).isEqualTo(4);
        response.bodyObserver.abandoned(); // what the core does with a larger body

        assertThat(small.access(TestExchange.get("/big"))).isEqualTo(Action.proceed());
    }

    @Test
    void onlyIfCachedWithoutACopyIs504() {
        Action action = plugin.access(TestExchange.get("/o").header("cache-control", "only-if-cached"));

        assertThat(((Action.Respond) action).status()).isEqualTo(504);
    }

    @Test
    void varyHeadersMustMatchTheStoredRequest() {
        request(plugin, TestExchange.get("/v").header("accept-language", "fr"), json(200, "vary", "Accept-Language"), "bonjour");

        assertThat(plugin.access(TestExchange.get("/v").header("accept-language", "fr"))).isInstanceOf(Action.Respond.class);
        TestExchange english = TestExchange.get("/v").header("accept-language", "en");
        assertThat(plugin.access(english)).isEqualTo(Action.proceed());
        plugin.log(english, completed(502));
        assertThat(plugin.access(TestExchange.get("/v"))).isEqualTo(Action.proceed());
    }

    @Test
    void consumersNeverShareACopy() {
        TestExchange alice = TestExchange.get("/c");
        alice.consumer = new Consumer("alice", List.of());
        request(plugin, alice, json(200), "alice's");

        TestExchange bob = TestExchange.get("/c");
        bob.consumer = new Consumer("bob", List.of());
        TestExchange again = TestExchange.get("/c");
        again.consumer = new Consumer("alice", List.of());

        assertThat(plugin.access(bob)).isEqualTo(Action.proceed());
        assertThat(plugin.access(TestExchange.get("/c"))).isEqualTo(Action.proceed());
        assertThat(text(plugin.access(again))).isEqualTo("alice's");
    }

    @Test
    void credentialsWithoutAConsumerBypassTheCache() {
        TestResponse response = json(200);
        request(plugin, TestExchange.get("/auth").header("authorization", "Bearer t"), response, "secret");

        assertThat(response.headers.get("x-cache-status")).isEqualTo("Bypass");
        assertThat(plugin.access(TestExchange.get("/auth"))).isEqualTo(Action.proceed());
    }

    @Test
    void routesNeverShareACopy() {
        request(plugin, TestExchange.get("/shared"), json(200), "route one");
        TestExchange other = TestExchange.get("/shared");
        other.routeName = "other-route";

        assertThat(plugin.access(other)).isEqualTo(Action.proceed());
    }

    @Test
    void selectedQueryParametersMakeTheKey() {
        Plugin byPage = plugin(Map.of("vary_query_params", List.of("page")));
        request(byPage, TestExchange.get("/q?page=1&utm=x"), json(200), "page one");

        assertThat(byPage.access(TestExchange.get("/q?utm=y&page=1"))).isInstanceOf(Action.Respond.class);
        assertThat(byPage.access(TestExchange.get("/q?page=2"))).isEqualTo(Action.proceed());
        request(plugin, TestExchange.get("/all?a=1&b=2"), json(200), "sorted");
        assertThat(plugin.access(TestExchange.get("/all?b=2&a=1"))).isInstanceOf(Action.Respond.class);
        assertThat(plugin.access(TestExchange.get("/all?a=1"))).isEqualTo(Action.proceed());
    }

    @Test
    void concurrentMissesWaitForTheLeaderAndGetItsCopy() {
        TestExchange leader = TestExchange.get("/l");
        assertThat(plugin.access(leader)).isEqualTo(Action.proceed());
        TestExchange waiter = TestExchange.get("/l");
        Action.Await await = (Action.Await) plugin.access(waiter);
        CompletableFuture<?> landed = await.stage().toCompletableFuture();
        assertThat(landed).isNotDone();

        TestResponse response = json(200);
        plugin.responseHeaders(leader, response);
        response.bodyObserver.complete("shared".getBytes(StandardCharsets.UTF_8));

        Action decided = await.decide(landed.join());
        assertThat(text(decided)).isEqualTo("shared");
        assertThat(((Action.Respond) decided).headers()).containsEntry("X-Cache-Status", "Hit");
    }

    @Test
    void waitersGoUpstreamWhenTheLeadersResponseCannotBeStored() {
        TestExchange leader = TestExchange.get("/u");
        plugin.access(leader);
        Action.Await await = (Action.Await) plugin.access(TestExchange.get("/u"));

        plugin.responseHeaders(leader, json(200, "cache-control", "no-store"));

        assertThat(await.decide(await.stage().toCompletableFuture().join())).isEqualTo(Action.proceed());
    }

    @Test
    void waitersAreReleasedWhenTheLeadersClientGoesAway() {
        TestExchange leader = TestExchange.get("/gone");
        plugin.access(leader);
        Action.Await await = (Action.Await) plugin.access(TestExchange.get("/gone"));

        plugin.log(leader, completed(499));

        assertThat(await.decide(await.stage().toCompletableFuture().join())).isEqualTo(Action.proceed());
        assertThat(plugin.access(TestExchange.get("/gone"))).isEqualTo(Action.proceed()); // leads anew
    }

    @Test
    void aStaleCopyStandsInForAnUpstreamErrorWithinStaleIfError() {
        request(plugin, TestExchange.get("/st"), json(200, "cache-control", "max-age=10, stale-if-error=60"), "old but good");
        clock.advance(Duration.ofSeconds(30));

        TestExchange exchange = TestExchange.get("/st");
        assertThat(plugin.access(exchange)).isEqualTo(Action.proceed());
        Action.Respond stale = plugin.recover(exchange, 502);

        assertThat(text(stale)).isEqualTo("old but good");
        assertThat(stale.headers()).containsEntry("X-Cache-Status", "Stale").containsEntry("Age", "30");
    }

    @Test
    void noStaleCopyPastStaleIfError() {
        request(plugin, TestExchange.get("/late"), json(200, "cache-control", "max-age=10, stale-if-error=5"), "too old");
        clock.advance(Duration.ofSeconds(16));

        TestExchange exchange = TestExchange.get("/late");
        plugin.access(exchange);

        assertThat(plugin.recover(exchange, 502)).isNull();
    }

    @Test
    void purgesByKeyRouteAndTag() {
        TestResponse tagged = json(200, "cache-tag", "red, blue");
        request(plugin, TestExchange.get("/t1"), tagged, "1");
        request(plugin, TestExchange.get("/t2"), json(200, "surrogate-key", "blue green"), "2");
        request(plugin, TestExchange.get("/t3"), json(200), "3");
        CachePurge purging = (CachePurge) plugin;

        assertThat(purging.purge(new CachePurge.Target(CachePurge.Target.By.TAG, "blue")).toCompletableFuture().join())
                .isEqualTo(2);
        assertThat(plugin.access(TestExchange.get("/t1"))).isEqualTo(Action.proceed());
        assertThat(plugin.access(TestExchange.get("/t2"))).isEqualTo(Action.proceed());
        assertThat(plugin.access(TestExchange.get("/t3"))).isInstanceOf(Action.Respond.class);

        String key = ((Action.Respond) plugin.access(TestExchange.get("/t3"))).headers().get("X-Cache-Key");
        assertThat(purging.purge(new CachePurge.Target(CachePurge.Target.By.KEY, key)).toCompletableFuture().join())
                .isEqualTo(1);
        assertThat(plugin.access(TestExchange.get("/t3"))).isEqualTo(Action.proceed());

        request(plugin, TestExchange.get("/t4"), json(200), "4");
        assertThat(purging.purge(new CachePurge.Target(CachePurge.Target.By.ROUTE, "other-route")).toCompletableFuture()
                .join()).isZero();
        assertThat(purging.purge(new CachePurge.Target(CachePurge.Target.By.ROUTE, "test-route")).toCompletableFuture()
                .join()).isEqualTo(1);
        assertThat(plugin.access(TestExchange.get("/t4"))).isEqualTo(Action.proceed());
    }
}
