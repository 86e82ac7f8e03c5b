package io.portico.plugins.proxycache;

import io.portico.plugins.redis.RedisOptions;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The {@code config:} of {@code proxy-cache}.
 *
 * @param responseCodes      statuses that may be stored
 * @param requestMethods     methods that may be served from and stored in the cache (upper case)
 * @param contentTypes       media types (without parameters, lower case) that may be stored; {@code *} any
 * @param varyHeaders        request headers (lower case) whose values are part of the key
 * @param varyQueryParams    query parameters that are part of the key; empty means the whole query
 * @param cacheTtl           freshness when the response says nothing (or always, without cache_control)
 * @param cacheControl       honour request and response Cache-Control, Expires and Pragma (RFC 9111)
 * @param storageTtl         how long an entry is kept at least, fresh or not (for stale-if-error); null: its freshness
 * @param staleIfError       how long past freshness a copy may stand in for an upstream error when the
 *                           response does not say ({@code stale-if-error} in Cache-Control wins)
 * @param maxEntryBytes      the largest body stored; a larger response just passes
 * @param collapseTimeout    how long concurrent misses wait for the first one's response before going upstream themselves
 * @param memoryMaxBytes     the memory strategy's bound on all entries of this configured instance
 * @param redis              the redis strategy's {@code redis:} block (resolved against cluster.redis when
 *                           the plugin is created); null with the memory strategy
 * @param shareAcrossConsumers consumers share copies (the key leaves the consumer out); a response to an
 *                           authenticated request is then stored only when it allows a shared cache
 */
record ProxyCacheConfig(Set<Integer> responseCodes, Set<String> requestMethods, List<String> contentTypes,
        List<String> varyHeaders, List<String> varyQueryParams, Duration cacheTtl, boolean cacheControl,
        Duration storageTtl, Duration staleIfError, int maxEntryBytes, Duration collapseTimeout, long memoryMaxBytes,
        RedisOptions redis, boolean shareAcrossConsumers) {

    ProxyCacheConfig {
        responseCodes = Set.copyOf(responseCodes);
        requestMethods = Set.copyOf(requestMethods);
        contentTypes = List.copyOf(contentTypes);
        varyHeaders = List.copyOf(varyHeaders);
        varyQueryParams = List.copyOf(varyQueryParams);
    }

    boolean storesContentType(String contentType) {
        if (contentTypes.contains("*")) {
            return true;
        }
        return contentType != null && contentTypes.contains(CacheControl.mediaType(contentType));
    }
}
