package io.portico.plugins.proxycache;

import io.portico.plugin.Headers;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The headers of a response as stored: multi-valued ones joined with {@code ", "} (RFC 9110 §5.3;
 * Set-Cookie, the exception, is never stored), without the framing that the core sets for each answer
 * and without headers that describe one exchange rather than the resource (request ids, latencies, CORS,
 * rate-limit counters, the cache's own), which the plugins that own them set again on each answer.
 */
final class StoredHeaders {

    private static final Set<String> DROPPED = Set.of("content-length", "transfer-encoding", "connection", "keep-alive",
            "age", "x-cache-status", "x-cache-key", "x-request-id", "x-portico-latency", "x-portico-upstream-latency",
            "set-cookie", "retry-after");
    private static final String[] DROPPED_PREFIXES = {"access-control-", "x-ratelimit-", "ratelimit", "x-quota-"};

    private StoredHeaders() {}

    static Map<String, String> of(Headers headers) {
        Map<String, String> stored = new HashMap<>();
        for (String name : headers.names()) {
            if (!dropped(name.toLowerCase(Locale.ROOT))) {
                stored.put(name, String.join(", ", headers.getAll(name)));
            }
        }
        return stored;
    }

    private static boolean dropped(String name) {
        if (DROPPED.contains(name)) {
            return true;
        }
        for (String prefix : DROPPED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The tags of {@code Cache-Tag} (comma-separated) and {@code Surrogate-Key} (space-separated). */
    static Set<String> tags(Headers headers) {
        Set<String> tags = new LinkedHashSet<>();
        for (String value : headers.getAll("cache-tag")) {
            for (String tag : value.split(",")) {
                addTrimmed(tags, tag);
            }
        }
        for (String value : headers.getAll("surrogate-key")) {
            for (String tag : value.split(" ")) {
                addTrimmed(tags, tag);
            }
        }
        return tags;
    }

    private static void addTrimmed(Set<String> tags, String tag) {
        String trimmed = tag.trim();
        if (!trimmed.isEmpty()) {
            tags.add(trimmed);
        }
    }
}
