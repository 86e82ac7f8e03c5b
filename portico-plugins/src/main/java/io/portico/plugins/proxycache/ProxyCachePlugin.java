package io.portico.plugins.proxycache;

import io.portico.plugin.Action;
import io.portico.plugin.AttributeKey;
import io.portico.plugin.BodyObserver;
import io.portico.plugin.CachePurge;
import io.portico.plugin.Completed;
import io.portico.plugin.Headers;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.Metrics;
import io.portico.plugin.Plugin;
import io.portico.plugin.ResponseHead;
import io.portico.plugin.RouteInfo;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Serves fresh copies in the access phase, stores cacheable proxied responses as their bodies stream
 * by, and stands in for upstream errors with stale copies. One instance serves every event loop: its
 * state is the thread-safe store and flights; each request's own state is an exchange attribute.
 */
final class ProxyCachePlugin implements Plugin, CachePurge {

    static final String STATUS_HEADER = "X-Cache-Status";
    static final String KEY_HEADER = "X-Cache-Key";
    private static final AttributeKey<RequestState> STATE = AttributeKey.named("proxy-cache.state");
    private static final int LEAD_TRIES = 3;

    private final ProxyCacheConfig config;
    private final CachePolicy policy;
    private final CacheStore store;
    private final Flights flights;
    private final Clock clock;
    private final Metrics.CounterFamily requests;
    /** This route's counters; null in the configured instance, which chains only run specialised. */
    private final CacheRequestCounters counters;

    ProxyCachePlugin(ProxyCacheConfig config, CacheStore store, Flights flights, Clock clock, Metrics.CounterFamily requests) {
        this(config, store, flights, clock, requests, null);
    }

    private ProxyCachePlugin(ProxyCacheConfig config, CacheStore store, Flights flights, Clock clock,
            Metrics.CounterFamily requests, CacheRequestCounters counters) {
        this.config = config;
        this.policy = new CachePolicy(config);
        this.store = store;
        this.flights = flights;
        this.clock = clock;
        this.requests = requests;
        this.counters = counters;
    }

    @Override
    public Plugin forRoute(RouteInfo route) {
        return new ProxyCachePlugin(config, store, flights, clock, requests, CacheRequestCounters.forRoute(requests, route));
    }

    /** One request's dealings with the cache. Confined to the request's event loop. */
    private static final class RequestState {
        final String key;
        CacheResult result;
        /** The flight this request leads, until it lands. */
        CompletableFuture<CachedResponse> flight;
        /** An expired copy that may stand in for an upstream error. */
        CachedResponse stale;
        /** The cache answered (hit or stale): the response is the cache's own. */
        boolean answered;

        RequestState(String key, CacheResult result) {
            this.key = key;
            this.result = result;
        }
    }

    @Override
    public Action access(HttpExchange exchange) {
        Headers request = exchange.requestHeaders();
        CacheControl directives = policy.requestDirectives(request);
        CachePolicy.RequestMode mode = policy.requestMode(exchange.method(), directives, request);
        // Credentials that no plugin turned into a consumer cannot partition the cache: never share them.
        if (exchange.consumer() == null && request.contains("authorization")) {
            mode = CachePolicy.RequestMode.BYPASS;
        }
        if (mode == CachePolicy.RequestMode.BYPASS) {
            exchange.setAttribute(STATE, new RequestState(null, CacheResult.BYPASS));
            return Action.proceed();
        }
        String key = CacheKey.of(config, exchange);
        boolean refresh = mode == CachePolicy.RequestMode.REFRESH;
        RequestState state = new RequestState(key, refresh ? CacheResult.REFRESH : CacheResult.MISS);
        exchange.setAttribute(STATE, state);
        if (!store.immediate()) {
            return lookUpRemotely(exchange, state, directives, refresh);
        }
        Action.Respond hit = serve(exchange, state, directives, refresh, store.getNow(key));
        if (hit != null) {
            return hit;
        }
        if (directives.onlyIfCached()) {
            return notCached();
        }
        if (refresh) {
            return Action.proceed(); // asked for a fresh copy: it does not wait for someone else's
        }
        return leadOrWait(exchange, state, directives);
    }

    /**
     * A hit when the copy serves this request; otherwise null, and a copy of this request's variant that
     * could not serve it (expired, or the request asked for a fresh one) is kept for stale-if-error.
     */
    private Action.Respond serve(HttpExchange exchange, RequestState state, CacheControl directives, boolean refresh,
                                 CachedResponse entry) {
        if (entry == null || !entry.matchesVary(exchange)) {
            return null;
        }
        long now = clock.millis();
        if (!refresh && satisfies(entry, directives, now)) {
            return answer(state, entry, CacheResult.HIT, now);
        }
        state.stale = entry;
        state.result = CacheResult.REFRESH;
        return null;
    }

    private static Action.Respond notCached() {
        return Action.error(504, "not_cached", "the response is not in the cache");
    }

    /** A fresh copy that also meets the request's own {@code max-age}. */
    private static boolean satisfies(CachedResponse entry, CacheControl directives, long now) {
        return entry.isFresh(now) && (directives.maxAge() < 0 || entry.ageSeconds(now) <= directives.maxAge());
    }

    private Action leadOrWait(HttpExchange exchange, RequestState state, CacheControl directives) {
        for (int i = 0; i < LEAD_TRIES; i++) {
            state.flight = flights.lead(state.key);
            if (state.flight != null) {
                return Action.proceed();
            }
            CompletableFuture<CachedResponse> leader = flights.waitFor(state.key);
            if (leader != null) {
                return awaitLeader(exchange, state, directives, leader);
            }
            // The leader landed in between: its entry may be there now.
            Action.Respond hit = serve(exchange, state, directives, false, store.getNow(state.key));
            if (hit != null) {
                return hit;
            }
        }
        return Action.proceed();
    }

    /**
     * A remote store: the first request of a key on this node leads and looks the key up for every request
     * of it that arrives meanwhile (they wait for its flight); on a miss it goes upstream and lands the flight
     * with what it stored. Requests that refresh or want only a cached copy look up on their own.
     */
    private Action lookUpRemotely(HttpExchange exchange, RequestState state, CacheControl directives, boolean refresh) {
        if (!refresh && !directives.onlyIfCached()) {
            for (int i = 0; i < LEAD_TRIES && state.flight == null; i++) {
                state.flight = flights.lead(state.key);
                if (state.flight == null) {
                    CompletableFuture<CachedResponse> leader = flights.waitFor(state.key);
                    if (leader != null) {
                        return awaitLeader(exchange, state, directives, leader);
                    }
                }
            }
        }
        return Action.await(store.get(state.key), entry -> afterLookup(exchange, state, directives, refresh, entry));
    }

    /** Runs on this request's event loop once the remote store answered (null: no copy, or the store failed). */
    private Action afterLookup(HttpExchange exchange, RequestState state, CacheControl directives, boolean refresh,
                               CachedResponse entry) {
        Action.Respond hit = serve(exchange, state, directives, refresh, entry);
        if (hit != null) {
            land(state, entry); // the requests waiting for this lookup are answered from the same copy
            return hit;
        }
        if (directives.onlyIfCached()) {
            return notCached();
        }
        return Action.proceed(); // a leader keeps its flight until its response lands
    }

    private Action awaitLeader(HttpExchange exchange, RequestState state, CacheControl directives,
                               CompletableFuture<CachedResponse> leader) {
        CompletableFuture<CachedResponse> bounded = leader.copy()
                .completeOnTimeout(null, config.collapseTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return Action.await(bounded, landed -> afterWaiting(exchange, state, directives, landed));
    }

    /** Runs on this request's event loop once the leader landed (or the wait timed out). */
    private Action afterWaiting(HttpExchange exchange, RequestState state, CacheControl directives, CachedResponse landed) {
        long now = clock.millis();
        if (landed != null && landed.matchesVary(exchange)) {
            if (satisfies(landed, directives, now)) {
                return answer(state, landed, CacheResult.HIT, now);
            }
            if (state.stale == null) {
                // The leader served this expired copy for an upstream error: it may stand in for ours too.
                state.stale = landed;
                state.result = CacheResult.REFRESH;
            }
        }
        return Action.proceed(); // the leader's response could not serve this request: go upstream
    }

    private static Action.Respond answer(RequestState state, CachedResponse entry, CacheResult result, long now) {
        state.result = result;
        state.answered = true;
        Map<String, String> headers = new HashMap<>(entry.headers().size() + 4);
        headers.putAll(entry.headers());
        headers.put(STATUS_HEADER, result.header);
        headers.put(KEY_HEADER, entry.key());
        headers.put("Age", Long.toString(entry.ageSeconds(now)));
        return new Action.Respond(entry.status(), headers, entry.body(), null, null);
    }

    @Override
    public void responseHeaders(HttpExchange exchange, ResponseHead response) {
        RequestState state = exchange.attribute(STATE);
        if (state == null || state.answered) {
            return;
        }
        Headers headers = response.headers();
        if (state.result != CacheResult.BYPASS) {
            headers.set(KEY_HEADER, state.key);
            CachePolicy.Storable storable = response.local() ? null : policy.storable(response.status(), headers, clock.millis());
            if (storable != null && sharesAuthenticated(exchange) && !CachePolicy.allowsSharedCache(headers)) {
                storable = null;
            }
            if (storable == null) {
                land(state, null);
                if (!response.local()) {
                    state.result = CacheResult.BYPASS;
                }
            } else {
                observe(exchange, state, response, storable);
            }
        }
        headers.set(STATUS_HEADER, state.result.header);
    }

    /** A copy of an authenticated request's response that every consumer would share. */
    private boolean sharesAuthenticated(HttpExchange exchange) {
        return config.shareAcrossConsumers() && config.cacheControl() && exchange.authenticated();
    }

    private void observe(HttpExchange exchange, RequestState state, ResponseHead response, CachePolicy.Storable storable) {
        // Taken now: the head is on its way to the client and may not be read later.
        int status = response.status();
        Map<String, String> stored = StoredHeaders.of(response.headers());
        List<String> varyNames = CachePolicy.varyNames(response.headers());
        List<String> varyValues = new ArrayList<>(varyNames.size());
        for (String name : varyNames) {
            varyValues.add(CachedResponse.requestValue(exchange, name));
        }
        Set<String> tags = StoredHeaders.tags(response.headers());
        String route = exchange.routeName();
        response.observeBody(config.maxEntryBytes(), new BodyObserver() {
            @Override
            public void complete(byte[] body) {
                long now = clock.millis();
                long keep = storable.freshMillis() + storable.staleIfErrorMillis() - storable.initialAgeSeconds() * 1000;
                if (config.storageTtl() != null) {
                    keep = Math.max(keep, config.storageTtl().toMillis());
                }
                CachedResponse entry = new CachedResponse(state.key, route, status, stored, body, now,
                        storable.initialAgeSeconds(), storable.freshMillis(), storable.staleIfErrorMillis(), now + keep,
                        varyNames, varyValues, tags);
                store.put(entry);
                land(state, entry);
            }

            @Override
            public void abandoned() {
                land(state, null);
            }
        });
    }

    /** Ends the flight this request leads, if any, once: waiters get the entry or go upstream. */
    private void land(RequestState state, CachedResponse entry) {
        if (state.flight != null) {
            flights.land(state.key, state.flight, entry);
            state.flight = null;
        }
    }

    @Override
    public Action.Respond recover(HttpExchange exchange, int status) {
        RequestState state = exchange.attribute(STATE);
        if (state == null || state.stale == null || state.answered) {
            return null;
        }
        long now = clock.millis();
        if (!state.stale.servesStaleOnError(now)) {
            return null;
        }
        // Waiters go upstream themselves, with this copy in hand should their upstream fail too (a waiter
        // of a remote store never looked the key up itself).
        land(state, state.stale);
        return answer(state, state.stale, CacheResult.STALE, now);
    }

    @Override
    public void log(HttpExchange exchange, Completed completed) {
        RequestState state = exchange.attribute(STATE);
        if (state == null) {
            return;
        }
        land(state, null); // the client went away before the response: never leave waiters hanging
        if (counters != null) {
            counters.record(state.result);
        }
    }

    /** The admin API calls this off the request path; the memory store answers at once, Redis later. */
    @Override
    public CompletionStage<Long> purge(CachePurge.Target target) {
        return store.purge(target);
    }
}
