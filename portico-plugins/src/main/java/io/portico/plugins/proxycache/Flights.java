package io.portico.plugins.proxycache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request collapsing: the first miss of a key leads and goes upstream; misses of the same key that
 * arrive meanwhile wait for the leader's entry instead of going upstream too. The leader lands exactly
 * once, with the entry it stored (or found, with a remote store) or with null (its response could not be
 * stored, or it failed), which sends the waiters upstream themselves; a leader that served an expired
 * copy for an upstream error lands with that copy, which sends them upstream with it in hand.
 * Thread-safe: leaders and waiters are on any event loop.
 */
final class Flights {

    private final ConcurrentHashMap<String, CompletableFuture<CachedResponse>> inFlight = new ConcurrentHashMap<>();

    /** A flight that the caller leads, or null when another request leads this key (see {@link #waitFor}). */
    CompletableFuture<CachedResponse> lead(String key) {
        CompletableFuture<CachedResponse> mine = new CompletableFuture<>();
        return inFlight.putIfAbsent(key, mine) == null ? mine : null;
    }

    /** The current leader's flight of {@code key}, or null when it has landed since. */
    CompletableFuture<CachedResponse> waitFor(String key) {
        return inFlight.get(key);
    }

    /** Ends the leader's flight: waiters get {@code entry} (null, or not fresh: go upstream). Idempotent. */
    void land(String key, CompletableFuture<CachedResponse> flight, CachedResponse entry) {
        inFlight.remove(key, flight);
        flight.complete(entry);
    }
}
