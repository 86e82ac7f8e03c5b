package io.portico.plugins.oauth2introspection;

import io.portico.plugin.Headers;
import java.util.List;

/** The bearer token of a request ({@code Authorization: Bearer <token68>}, RFC 6750 §2.1), or why there is none. */
sealed interface BearerToken {

    String SCHEME = "Bearer";

    record Found(String token) implements BearerToken {
        @Override
        public String toString() {
            return "Found[token=<hidden>]";
        }
    }

    enum Absent implements BearerToken {
        /** No Authorization header, or one with another scheme (another plugin's credential). */
        MISSING,
        /** A Bearer value that is not one token68, or a bearer token among several Authorization headers. */
        MALFORMED
    }

    static BearerToken of(Headers headers) {
        List<String> values = headers.getAll("Authorization");
        if (values.size() != 1) {
            for (String value : values) {
                if (hasScheme(value)) {
                    return Absent.MALFORMED;
                }
            }
            return Absent.MISSING;
        }
        String value = values.get(0);
        if (!hasScheme(value)) {
            return Absent.MISSING;
        }
        int start = SCHEME.length();
        while (start < value.length() && value.charAt(start) == ' ') {
            start++;
        }
        int end = value.length();
        while (end > start && value.charAt(end - 1) == ' ') {
            end--;
        }
        String token = value.substring(start, end);
        return isToken68(token) ? new Found(token) : Absent.MALFORMED;
    }

    private static boolean hasScheme(String value) {
        return value.length() > SCHEME.length() && value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                && value.charAt(SCHEME.length()) == ' ';
    }

    /** RFC 9110 token68: {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. */
    private static boolean isToken68(String token) {
        int end = token.length();
        while (end > 0 && token.charAt(end - 1) == '=') {
            end--;
        }
        if (end == 0) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = token.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
