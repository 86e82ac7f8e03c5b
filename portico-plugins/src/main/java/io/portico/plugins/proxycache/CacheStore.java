package io.portico.plugins.proxycache;

/**
 * Where entries live. Called on event loops: implementations must not block. Entries are immutable and
 * may be shared between threads.
 */
interface CacheStore {

    /** The entry under {@code key}, or null. */
    CachedResponse get(String key);

    void put(CachedResponse entry);

    /** Removes the entry with this key; the number removed (0 or 1). */
    int purgeKey(String key);

    /** Removes every entry stored for the route; the number removed. */
    int purgeRoute(String route);

    /** Removes every entry carrying the tag; the number removed. */
    int purgeTag(String tag);
}
