package io.portico.plugins.logging;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which header values and query parameters a log line replaces with {@code ***}: a built-in list of
 * credentials, which cannot be turned off, plus the names a configuration adds. Names compare without
 * regard to case; query parameter names are compared percent-decoded, as plugins read them (so
 * {@code %61pikey} is {@code apikey}). Immutable; used on the writer threads.
 */
public final class Masking {

    public static final String MASK = "***";

    /** Request headers that carry credentials, and the response's {@code set-cookie}. */
    public static final Set<String> BUILT_IN_HEADERS = Set.of("authorization", "proxy-authorization", "cookie",
            "x-api-key", "apikey", "x-auth-token", "set-cookie");

    /**
     * Query parameters that carry credentials: OAuth tokens, API keys (key-auth's {@code apikey}),
     * passwords, signatures, and {@code jwt} (the jwt plugin's default parameter).
     */
    public static final Set<String> BUILT_IN_QUERY = Set.of("access_token", "id_token", "refresh_token", "token",
            "api_key", "apikey", "key", "password", "secret", "client_secret", "signature", "sig", "jwt");

    /** Headers whose scheme word stays readable: {@code Bearer ***}. */
    private static final Set<String> SCHEME_HEADERS = Set.of("authorization", "proxy-authorization");

    /** Headers holding a URL, whose query (and fragment) parameters are masked like the request's. */
    private static final Set<String> URL_HEADERS = Set.of("referer", "location", "content-location");

    private static final Masking BUILT_IN = new Masking(Set.of(), Set.of());

    private final Set<String> headers;
    private final Set<String> query;

    private Masking(Collection<String> moreHeaders, Collection<String> moreQuery) {
        this.headers = union(BUILT_IN_HEADERS, moreHeaders);
        this.query = union(BUILT_IN_QUERY, moreQuery);
    }

    public static Masking builtIn() {
        return BUILT_IN;
    }

    /** The built-in names plus these ({@code mask_headers}, {@code mask_query}), in any case. */
    public static Masking with(Collection<String> moreHeaders, Collection<String> moreQuery) {
        return moreHeaders.isEmpty() && moreQuery.isEmpty() ? BUILT_IN : new Masking(moreHeaders, moreQuery);
    }

    /** True when the header's values are replaced. */
    public boolean masksHeader(String name) {
        return headers.contains(name.toLowerCase(Locale.ROOT));
    }

    /** True when the query parameter's values are replaced; {@code name} is as written (percent-encoded). */
    public boolean masksQueryParameter(String name) {
        return query.contains(decode(name).toLowerCase(Locale.ROOT));
    }

    /**
     * The value as logged: {@code ***} for a masked header ({@code Bearer ***} for the Authorization
     * headers, keeping the scheme word), a URL with its credential parameters masked for
     * {@code Referer} and {@code Location}, else the value itself.
     */
    public String header(String lowerCaseName, String value) {
        if (headers.contains(lowerCaseName)) {
            return SCHEME_HEADERS.contains(lowerCaseName) ? keepScheme(value) : MASK;
        }
        if (URL_HEADERS.contains(lowerCaseName)) {
            return url(value);
        }
        return value;
    }

    /** A raw query string (without {@code ?}) with the values of masked parameters replaced; null stays null. */
    public String query(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return rawQuery;
        }
        StringBuilder out = new StringBuilder(rawQuery.length());
        int start = 0;
        while (true) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = rawQuery.length();
            }
            int eq = rawQuery.indexOf('=', start);
            if (eq >= 0 && eq < end && masksQueryParameter(rawQuery.substring(start, eq))) {
                out.append(rawQuery, start, eq + 1).append(MASK);
            } else {
                out.append(rawQuery, start, end);
            }
            if (end == rawQuery.length()) {
                return out.toString();
            }
            out.append('&');
            start = end + 1;
        }
    }

    /** A URL with masked parameters in its query and in its fragment (where implicit OAuth flows put tokens). */
    public String url(String url) {
        int question = url.indexOf('?');
        int hash = url.indexOf('#');
        if (question < 0 && hash < 0) {
            return url;
        }
        StringBuilder out = new StringBuilder(url.length());
        if (question >= 0 && (hash < 0 || question < hash)) {
            int queryEnd = hash < 0 ? url.length() : hash;
            out.append(url, 0, question + 1).append(query(url.substring(question + 1, queryEnd)));
        } else {
            out.append(url, 0, hash);
        }
        if (hash >= 0) {
            out.append('#').append(query(url.substring(hash + 1)));
        }
        return out.toString();
    }

    /** {@code Bearer eyJ...} becomes {@code Bearer ***}; a value without a scheme word becomes {@code ***}. */
    private static String keepScheme(String value) {
        String trimmed = value.strip();
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c == ' ' || c == '\t') {
                return trimmed.substring(0, i) + " " + MASK;
            }
        }
        return MASK;
    }

    /** Percent-decoding as the gateway reads parameters: an invalid escape is kept as written. */
    private static String decode(String text) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Masking that && headers.equals(that.headers) && query.equals(that.query);
    }

    @Override
    public int hashCode() {
        return headers.hashCode() * 31 + query.hashCode();
    }

    @Override
    public String toString() {
        return "Masking[headers=" + new TreeSet<>(headers) + ", query=" + new TreeSet<>(query) + "]";
    }

    private static Set<String> union(Set<String> builtIn, Collection<String> more) {
        Set<String> all = new HashSet<>(builtIn);
        for (String name : more) {
            all.add(name.toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(all);
    }
}
