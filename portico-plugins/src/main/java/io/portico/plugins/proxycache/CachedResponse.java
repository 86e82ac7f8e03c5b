package io.portico.plugins.proxycache;

import io.portico.plugin.HttpExchange;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One stored response. Immutable and shared by every event loop: the body array is never written
 * after it is stored, and a hit hands it to the core, which only reads it.
 *
 * @param key              the public cache key (what {@code X-Cache-Key} shows and a purge names)
 * @param route            the route it was stored for (a purge by route names it)
 * @param status           the response status
 * @param headers          the stored headers, multi-valued ones joined with {@code ", "}
 * @param body             the whole body
 * @param storedAtMillis   when it was stored (the response's age then was {@code initialAgeSeconds})
 * @param initialAgeSeconds the upstream's {@code Age}, if it sent one
 * @param freshMillis      its freshness lifetime (RFC 9111 §4.2.1)
 * @param staleIfErrorMillis how long past freshness it may stand in for an upstream error
 * @param keepUntilMillis  when the store may drop it
 * @param varyNames        the request headers its response varies on (lower case)
 * @param varyValues       those headers' values in the request that fetched it ({@code null} when absent)
 * @param tags             its {@code Cache-Tag} / {@code Surrogate-Key} tags
 */
record CachedResponse(String key, String route, int status, Map<String, String> headers, byte[] body,
        long storedAtMillis, long initialAgeSeconds, long freshMillis, long staleIfErrorMillis, long keepUntilMillis,
        List<String> varyNames, List<String> varyValues, Set<String> tags) {

    CachedResponse {
        headers = Map.copyOf(headers);
        varyNames = List.copyOf(varyNames);
        varyValues = Collections.unmodifiableList(new ArrayList<>(varyValues)); // values may be null
        tags = Set.copyOf(tags);
    }

    /** The current age in seconds (RFC 9111 §4.2.3, with the stored age as the upstream's). */
    long ageSeconds(long nowMillis) {
        return initialAgeSeconds + Math.max(0, nowMillis - storedAtMillis) / 1000;
    }

    boolean isFresh(long nowMillis) {
        return initialAgeSeconds * 1000 + Math.max(0, nowMillis - storedAtMillis) < freshMillis;
    }

    /** Past its freshness, but still allowed to stand in for an upstream error. */
    boolean servesStaleOnError(long nowMillis) {
        return initialAgeSeconds * 1000 + Math.max(0, nowMillis - storedAtMillis) < freshMillis + staleIfErrorMillis;
    }

    /** RFC 9111 §4.1: the request's values of the headers named by Vary must match the stored request's. */
    boolean matchesVary(HttpExchange exchange) {
        for (int i = 0; i < varyNames.size(); i++) {
            if (!Objects.equals(varyValues.get(i), requestValue(exchange, varyNames.get(i)))) {
                return false;
            }
        }
        return true;
    }

    /** Every value of a request header joined as one list, or null when absent. */
    static String requestValue(HttpExchange exchange, String name) {
        List<String> values = exchange.requestHeaders().getAll(name);
        return values.isEmpty() ? null : String.join(", ", values);
    }

    /** Roughly what the entry costs in memory, for the store's bound. */
    int weight() {
        long size = 256L + body.length;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            size += 2L * (header.getKey().length() + header.getValue().length()) + 32;
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }
}
