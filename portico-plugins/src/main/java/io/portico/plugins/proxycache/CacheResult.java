package io.portico.plugins.proxycache;

import java.util.Locale;

/** What the cache did with a request: its {@code X-Cache-Status} and its {@code result} label. */
enum CacheResult {
    /** Served from the cache. */
    HIT("Hit"),
    /** Not in the cache: proxied, and stored if the response allows. */
    MISS("Miss"),
    /** Not cacheable (method, request or response directives, credentials, status, type, size). */
    BYPASS("Bypass"),
    /** In the cache, but the request asked for a fresh copy or the copy had expired: proxied and stored again. */
    REFRESH("Refresh"),
    /** The upstream failed and an expired copy stood in for it under stale-if-error. */
    STALE("Stale");

    final String header;
    final String label;

    CacheResult(String header) {
        this.header = header;
        this.label = header.toLowerCase(Locale.ROOT);
    }
}
