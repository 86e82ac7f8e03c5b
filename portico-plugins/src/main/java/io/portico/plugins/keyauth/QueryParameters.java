package io.portico.plugins.keyauth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Counts query parameters by decoded name; {@link io.portico.plugin.HttpExchange} only gives the first. */
final class QueryParameters {

    private QueryParameters() {}

    static int count(String query, String name) {
        if (query == null) {
            return 0;
        }
        int count = 0;
        int start = 0;
        while (start <= query.length()) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = query.length();
            }
            int eq = query.indexOf('=', start);
            int nameEnd = eq < 0 || eq > end ? end : eq;
            if (decode(query.substring(start, nameEnd)).equals(name)) {
                count++;
            }
            start = end + 1;
        }
        return count;
    }

    private static String decode(String text) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text; // a malformed escape names nothing but itself, as in the core
        }
    }
}
