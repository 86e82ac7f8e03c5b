package io.portico.plugins.cors;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Origins as compared: scheme and host lower-case, the scheme's default port left out, so that
 * {@code https://App.example.com:443} and {@code https://app.example.com} are one origin.
 */
final class Origins {

    private Origins() {}

    /**
     * The normalized origin of a configured entry such as {@code https://app.example.com:8443}, or null
     * when the text is not exactly an origin (a path, a trailing slash, a query, user info...).
     */
    static String parse(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return null;
        }
        if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null
                || !uri.getRawPath().isEmpty() || uri.getRawQuery() != null || uri.getRawFragment() != null
                || !text.startsWith(uri.getScheme() + "://") || text.endsWith(":")) {
            return null;
        }
        return normalize(text);
    }

    /** A request's {@code Origin} as compared; it costs nothing for an origin that is already normal. */
    static String normalize(String origin) {
        String lower = origin.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") && lower.endsWith(":443")) {
            return lower.substring(0, lower.length() - 4);
        }
        if (lower.startsWith("http://") && lower.endsWith(":80")) {
            return lower.substring(0, lower.length() - 3);
        }
        return lower;
    }
}
