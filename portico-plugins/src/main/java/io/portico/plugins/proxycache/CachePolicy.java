package io.portico.plugins.proxycache;

import io.portico.plugin.Headers;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The RFC 9111 rules of a shared cache, as far as this cache goes (it stores and serves; it does not
 * revalidate): what a request asks of the cache (§5.2.1) and whether a response may be stored and for
 * how long (§3, §4.2.1). Without {@code cache_control} the directives are ignored and every response of
 * a configured status and content type is fresh for {@code cache_ttl} (Kong's behaviour).
 */
final class CachePolicy {

    /** What the request lets the cache do. */
    enum RequestMode {
        /** Neither served from nor stored in the cache. */
        BYPASS,
        /** Not served from the cache (it asked for a fresh copy), but its response may be stored. */
        REFRESH,
        /** Served from the cache when a copy is fresh enough. */
        LOOKUP
    }

    /** A response that may be stored: fresh for {@code freshMillis}, then usable on errors for {@code staleIfErrorMillis}. */
    record Storable(long freshMillis, long staleIfErrorMillis, long initialAgeSeconds) {}

    private final ProxyCacheConfig config;

    CachePolicy(ProxyCacheConfig config) {
        this.config = config;
    }

    CacheControl requestDirectives(Headers request) {
        return config.cacheControl() ? CacheControl.parse(request.getAll("cache-control")) : CacheControl.NONE;
    }

    RequestMode requestMode(String method, CacheControl directives, Headers request) {
        if (!config.requestMethods().contains(method)) {
            return RequestMode.BYPASS;
        }
        if (!config.cacheControl()) {
            return RequestMode.LOOKUP;
        }
        if (directives.noStore()) {
            return RequestMode.BYPASS;
        }
        // §5.4: Pragma: no-cache means no-cache only when the request has no Cache-Control.
        boolean pragmaNoCache = !request.contains("cache-control") && request.getAll("pragma").stream()
                .anyMatch(value -> value.toLowerCase(Locale.ROOT).contains("no-cache"));
        if (directives.noCache() || directives.maxAge() == 0 || pragmaNoCache) {
            return RequestMode.REFRESH;
        }
        return RequestMode.LOOKUP;
    }

    /** How the response may be stored, or null when it must not be (§3, and this cache's own rules). */
    Storable storable(int status, Headers response, long nowMillis) {
        if (!config.responseCodes().contains(status) || !config.storesContentType(response.get("content-type"))) {
            return null;
        }
        // A cookie set for one client must never reach another; Vary: * matches no later request (§4.1).
        if (response.contains("set-cookie") || varyNames(response).contains("*")) {
            return null;
        }
        long initialAge = Math.max(0, CacheControl.seconds(trimmed(response.get("age"))));
        if (!config.cacheControl()) {
            return new Storable(config.cacheTtl().toMillis(), config.staleIfError().toMillis(), 0);
        }
        CacheControl directives = CacheControl.parse(response.getAll("cache-control"));
        // This cache never revalidates, so no-cache (use only after revalidation) is as good as no-store.
        if (directives.noStore() || directives.isPrivate() || directives.noCache() || directives.malformed()) {
            return null;
        }
        long freshMillis = freshnessMillis(directives, response, nowMillis);
        if (freshMillis <= initialAge * 1000) {
            return null;
        }
        long staleIfError = directives.staleIfError() >= 0
                ? directives.staleIfError() * 1000
                : config.staleIfError().toMillis();
        return new Storable(freshMillis, staleIfError, initialAge);
    }

    /**
     * §3.5: a response to a request with credentials goes into a shared cache only when it says it may
     * ({@code public} or {@code s-maxage}; {@code must-revalidate} also would, but this cache never
     * revalidates, so it does not count here).
     */
    static boolean allowsSharedCache(Headers response) {
        CacheControl directives = CacheControl.parse(response.getAll("cache-control"));
        return directives.isPublic() || directives.sMaxAge() >= 0;
    }

    /** §4.2.1: s-maxage, then max-age, then Expires minus Date, then the configured TTL. */
    private long freshnessMillis(CacheControl directives, Headers response, long nowMillis) {
        if (directives.sMaxAge() >= 0) {
            return directives.sMaxAge() * 1000;
        }
        if (directives.maxAge() >= 0) {
            return directives.maxAge() * 1000;
        }
        if (response.contains("expires")) {
            long expires = httpDate(response.get("expires"));
            if (expires < 0) {
                return 0; // §5.3: an invalid Expires means already expired
            }
            long date = httpDate(response.get("date"));
            return expires - (date < 0 ? nowMillis : date);
        }
        return config.cacheTtl().toMillis();
    }

    static List<String> varyNames(Headers response) {
        List<String> names = new ArrayList<>();
        for (String value : response.getAll("vary")) {
            for (String name : value.split(",")) {
                String trimmed = name.trim().toLowerCase(Locale.ROOT);
                if (!trimmed.isEmpty() && !names.contains(trimmed)) {
                    names.add(trimmed);
                }
            }
        }
        return names;
    }

    /** An IMF-fixdate (RFC 9110 §5.6.7) in epoch millis, or -1. */
    static long httpDate(String text) {
        if (text == null) {
            return -1;
        }
        try {
            return ZonedDateTime.parse(text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    private static String trimmed(String text) {
        return text == null ? null : text.trim();
    }
}
