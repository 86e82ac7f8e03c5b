package io.portico.plugins.proxycache;

import io.portico.plugin.CachePurge;
import java.util.concurrent.CompletionStage;

/**
 * Where entries live. Called on event loops: implementations must not block. Entries are immutable and
 * may be shared between threads.
 *
 * <p>A store in this process ({@link MemoryCacheStore}) answers lookups at once through {@link #getNow},
 * which the access phase uses without allocating; a remote one ({@link RedisCacheStore}) answers through
 * {@link #get}, and the request waits for it without holding its event loop.
 */
interface CacheStore {

    /** True when {@link #getNow} answers lookups; false when only {@link #get} can. */
    boolean immediate();

    /** The entry under {@code key}, or null; only for an {@link #immediate} store. */
    default CachedResponse getNow(String key) {
        throw new UnsupportedOperationException("a remote store answers through get()");
    }

    /**
     * Completes, possibly on another thread, with the entry under {@code key} or null: none, or the store
     * failed or took too long (a lookup that fails is a miss). Never completes exceptionally.
     */
    CompletionStage<CachedResponse> get(String key);

    /** Stores the entry, replacing the one with its key; a store that fails drops it. Returns at once. */
    void put(CachedResponse entry);

    /**
     * Removes the entry with a key, every entry of a route, or every entry carrying a tag; completes with
     * how many were removed, or exceptionally when the store could not be purged.
     */
    CompletionStage<Long> purge(CachePurge.Target target);
}
