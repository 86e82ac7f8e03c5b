package io.portico.plugins.proxycache;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.Action;
import io.portico.plugin.CachePurge;
import io.portico.plugin.Completed;
import io.portico.plugin.Plugin;
import io.portico.plugin.RouteInfo;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugin.testing.MutableClock;
import io.portico.plugin.testing.TestExchange;
import io.portico.plugin.testing.TestPluginContext;
import io.portico.plugin.testing.TestResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** The access phase with a store that answers later (as Redis does), answered by hand here. */
class RemoteStoreFlowTest {

    /** Lookups wait until the test answers them; stores are recorded. */
    private static final class LaterStore implements CacheStore {
        final List<CompletableFuture<CachedResponse>> lookups = new ArrayList<>();
        final List<CachedResponse> stored = new ArrayList<>();

        @Override
        public boolean immediate() {
            return false;
        }

        @Override
        public CompletionStage<CachedResponse> get(String key) {
            CompletableFuture<CachedResponse> lookup = new CompletableFuture<>();
            lookups.add(lookup);
            return lookup;
        }

        @Override
        public void put(CachedResponse entry) {
            stored.add(entry);
        }

        @Override
        public CompletionStage<Long> purge(CachePurge.Target target) {
            return CompletableFuture.completedFuture(0L);
        }
    }

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final TestPluginContext context = new TestPluginContext();
    private final LaterStore store = new LaterStore();
    private final Plugin plugin = plugin(store);

    private Plugin plugin(CacheStore cacheStore) {
        ConfigProbe<ProxyCacheConfig> probe = ConfigProbe.read(new ProxyCachePluginType(), Map.of());
        return new ProxyCachePlugin(probe.config(), cacheStore, new Flights(), clock,
                CacheRequestCounters.family(context.metrics)).forRoute(new RouteInfo("test-route", "s"));
    }

    private CachedResponse copy(String key, String body) {
        long now = clock.millis();
        return new CachedResponse(key, "test-route", 200, Map.of("content-type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8), now, 0, 60_000, 0, now + 60_000, List.of(), List.of(), Set.of());
    }

    private static Action decide(Action action, CachedResponse answer, CompletableFuture<CachedResponse> lookup) {
        lookup.complete(answer);
        Action.Await await = (Action.Await) action;
        return await.decide(await.stage().toCompletableFuture().join());
    }

    private static String text(Action action) {
        return new String(((Action.Respond) action).body(), StandardCharsets.UTF_8);
    }

    private static TestResponse json() {
        TestResponse response = new TestResponse(200, false);
        response.headers.set("content-type", "application/json");
        return response;
    }

    @Test
    void aHitIsAnsweredOnceTheStoreAnswers() {
        TestExchange exchange = TestExchange.get("/a");
        Action action = plugin.access(exchange);
        assertThat(action).isInstanceOf(Action.Await.class);
        String key = CacheKey.of(ConfigProbe.read(new ProxyCachePluginType(), Map.of()).config(), exchange);

        Action decided = decide(action, copy(key, "from redis"), store.lookups.get(0));

        assertThat(text(decided)).isEqualTo("from redis");
        assertThat(((Action.Respond) decided).headers()).containsEntry("X-Cache-Status", "Hit");
    }

    @Test
    void requestsArrivingDuringALookupWaitForItInsteadOfLookingUpAgain() {
        TestExchange leader = TestExchange.get("/b");
        Action leading = plugin.access(leader);
        Action.Await waiting = (Action.Await) plugin.access(TestExchange.get("/b"));
        assertThat(store.lookups).hasSize(1);
        String key = CacheKey.of(ConfigProbe.read(new ProxyCachePluginType(), Map.of()).config(), leader);

        assertThat(text(decide(leading, copy(key, "shared"), store.lookups.get(0)))).isEqualTo("shared");
        Action waiter = waiting.decide(waiting.stage().toCompletableFuture().join());

        assertThat(text(waiter)).isEqualTo("shared");
        assertThat(((Action.Respond) waiter).headers()).containsEntry("X-Cache-Status", "Hit");
    }

    @Test
    void aMissOrAFailedLookupGoesUpstreamOnceAndTheWaitersGetItsResponse() {
        TestExchange leader = TestExchange.get("/c");
        Action leading = plugin.access(leader);
        Action.Await waiting = (Action.Await) plugin.access(TestExchange.get("/c"));

        assertThat(decide(leading, null, store.lookups.get(0))).isEqualTo(Action.proceed());
        assertThat(waiting.stage().toCompletableFuture()).isNotDone();
        TestResponse response = json();
        plugin.responseHeaders(leader, response);
        response.bodyObserver.complete("{\"fresh\":true}".getBytes(StandardCharsets.UTF_8));
        plugin.log(leader, new Completed(200, "t", 0, 0, 0, 0, 0, List.of()));

        assertThat(response.headers.get("x-cache-status")).isEqualTo("Miss");
        assertThat(store.stored).hasSize(1);
        assertThat(text(waiting.decide(waiting.stage().toCompletableFuture().join()))).isEqualTo("{\"fresh\":true}");
        assertThat(store.lookups).hasSize(1);
        assertThat(context.metrics.value("portico_cache_requests_total", "test-route", "miss")).isEqualTo(1);
    }

    @Test
    void onlyIfCachedWithoutACopyIs504AfterTheLookup() {
        Action action = plugin.access(TestExchange.get("/d").header("cache-control", "only-if-cached"));

        assertThat(((Action.Respond) decide(action, null, store.lookups.get(0))).status()).isEqualTo(504);
    }

    @Test
    void aRefreshLooksUpOnItsOwnAndKeepsTheCopyForStaleIfError() {
        TestExchange leader = TestExchange.get("/e");
        plugin.access(leader);
        TestExchange refreshing = TestExchange.get("/e").header("cache-control", "no-cache");
        Action action = plugin.access(refreshing);
        assertThat(store.lookups).hasSize(2);
        String key = CacheKey.of(ConfigProbe.read(new ProxyCachePluginType(), Map.of()).config(), refreshing);

        assertThat(decide(action, copy(key, "old"), store.lookups.get(1))).isEqualTo(Action.proceed());
        TestResponse response = json();
        plugin.responseHeaders(refreshing, response);
        assertThat(response.headers.get("x-cache-status")).isEqualTo("Refresh");
    }

    @Test
    void waitersOfALeaderThatServedAStaleCopyServeItTooWhenTheirUpstreamFails() {
        TestExchange leader = TestExchange.get("/f");
        Action leading = plugin.access(leader);
        TestExchange waiter = TestExchange.get("/f");
        Action.Await waiting = (Action.Await) plugin.access(waiter);
        String key = CacheKey.of(ConfigProbe.read(new ProxyCachePluginType(), Map.of()).config(), leader);
        long now = clock.millis();
        CachedResponse expired = new CachedResponse(key, "test-route", 200, Map.of("content-type", "application/json"),
                "old but good".getBytes(StandardCharsets.UTF_8), now - 30_000, 0, 10_000, 60_000, now + 60_000,
                List.of(), List.of(), Set.of());

        assertThat(decide(leading, expired, store.lookups.get(0))).isEqualTo(Action.proceed());
        assertThat(text(plugin.recover(leader, 502))).isEqualTo("old but good");
        assertThat(waiting.decide(waiting.stage().toCompletableFuture().join())).isEqualTo(Action.proceed());
        Action.Respond stale = plugin.recover(waiter, 504);

        assertThat(text(stale)).isEqualTo("old but good");
        assertThat(stale.headers()).containsEntry("X-Cache-Status", "Stale");
        assertThat(store.lookups).hasSize(1);
    }
}
