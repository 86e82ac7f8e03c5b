package io.portico.plugins.proxycache;

import java.util.List;
import java.util.Locale;

/**
 * The directives of Cache-Control header values (RFC 9111 §5.2) that the cache acts on. A delta-seconds
 * directive that is absent or malformed reads as -1; a malformed one of a response also makes it
 * uncacheable, as the RFC advises for conflicting or invalid freshness information.
 */
record CacheControl(boolean noStore, boolean noCache, boolean isPrivate, boolean isPublic, boolean onlyIfCached,
        long maxAge, long sMaxAge, long staleIfError, boolean malformed) {

    static final CacheControl NONE = new CacheControl(false, false, false, false, false, -1, -1, -1, false);

    static CacheControl parse(List<String> values) {
        if (values.isEmpty()) {
            return NONE;
        }
        boolean noStore = false;
        boolean noCache = false;
        boolean isPrivate = false;
        boolean isPublic = false;
        boolean onlyIfCached = false;
        long maxAge = -1;
        long sMaxAge = -1;
        long staleIfError = -1;
        boolean malformed = false;
        for (String value : values) {
            for (String part : value.split(",")) {
                String directive = part.trim();
                int equals = directive.indexOf('=');
                String name = (equals < 0 ? directive : directive.substring(0, equals)).trim().toLowerCase(Locale.ROOT);
                String argument = equals < 0 ? null : unquote(directive.substring(equals + 1).trim());
                switch (name) {
                    case "no-store" -> noStore = true;
                    case "no-cache" -> noCache = true;
                    case "private" -> isPrivate = true;
                    case "public" -> isPublic = true;
                    case "only-if-cached" -> onlyIfCached = true;
                    case "max-age" -> {
                        maxAge = seconds(argument);
                        malformed |= maxAge < 0;
                    }
                    case "s-maxage" -> {
                        sMaxAge = seconds(argument);
                        malformed |= sMaxAge < 0;
                    }
                    case "stale-if-error" -> staleIfError = seconds(argument);
                    default -> {
                        // Other directives (must-revalidate, immutable...) do not change what this cache does.
                    }
                }
            }
        }
        return new CacheControl(noStore, noCache, isPrivate, isPublic, onlyIfCached, maxAge, sMaxAge, staleIfError,
                malformed);
    }

    /** Non-negative delta-seconds; -1 when absent or not a number. Overflow saturates, as §1.2.2 says. */
    static long seconds(String text) {
        if (text == null || text.isEmpty()) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = Math.min(Integer.MAX_VALUE, value * 10 + (c - '0'));
        }
        return value;
    }

    private static String unquote(String text) {
        return text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"") ? text.substring(1, text.length() - 1) : text;
    }

    /** {@code text/html; charset=utf-8} is {@code text/html}. */
    static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
