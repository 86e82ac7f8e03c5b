package io.portico.plugins.hmacauth;

import io.portico.plugin.HttpTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The parameters of {@code Authorization: hmac username="alice", algorithm="hmac-sha256",
 * headers="date request-line", signature="..."}. Parameters may come in any order; each must appear
 * exactly once, quoted, without escapes. Unknown parameters make the header malformed.
 *
 * @param headers the signed header names, lower-case, in signing order ({@code request-line} included)
 */
record HmacAuthorization(String username, String algorithm, List<String> headers, String signature) {

    static final String SCHEME = "hmac";
    static final String REQUEST_LINE = "request-line";
    /** More signed headers than this is not a real client. */
    static final int MAX_HEADERS = 32;

    HmacAuthorization {
        headers = List.copyOf(headers);
    }

    /** True when the value starts with the {@code hmac} scheme (any case), whatever follows. */
    static boolean hasScheme(String authorization) {
        return authorization.length() > SCHEME.length()
                && authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                && (authorization.charAt(SCHEME.length()) == ' ' || authorization.charAt(SCHEME.length()) == '\t');
    }

    /** The parameters of a value with the {@code hmac} scheme, or null when they are malformed. */
    static HmacAuthorization parse(String authorization) {
        String username = null;
        String algorithm = null;
        String headers = null;
        String signature = null;
        int i = SCHEME.length();
        int length = authorization.length();
        boolean first = true;
        while (true) {
            i = skipSpace(authorization, i);
            if (i == length) {
                break;
            }
            if (!first) {
                if (authorization.charAt(i) != ',') {
                    return null;
                }
                i = skipSpace(authorization, i + 1);
            }
            first = false;
            int nameEnd = i;
            while (nameEnd < length && HttpTokens.isTokenChar(authorization.charAt(nameEnd))) {
                nameEnd++;
            }
            if (nameEnd == i || nameEnd + 1 >= length || authorization.charAt(nameEnd) != '='
                    || authorization.charAt(nameEnd + 1) != '"') {
                return null;
            }
            int valueStart = nameEnd + 2;
            int valueEnd = authorization.indexOf('"', valueStart);
            if (valueEnd < 0) {
                return null;
            }
            String value = authorization.substring(valueStart, valueEnd);
            if (!isQuotable(value)) {
                return null;
            }
            switch (authorization.substring(i, nameEnd).toLowerCase(Locale.ROOT)) {
                case "username" -> {
                    if (username != null) {
                        return null;
                    }
                    username = value;
                }
                case "algorithm" -> {
                    if (algorithm != null) {
                        return null;
                    }
                    algorithm = value;
                }
                case "headers" -> {
                    if (headers != null) {
                        return null;
                    }
                    headers = value;
                }
                case "signature" -> {
                    if (signature != null) {
                        return null;
                    }
                    signature = value;
                }
                default -> {
                    return null;
                }
            }
            i = valueEnd + 1;
        }
        if (username == null || username.isEmpty() || algorithm == null || headers == null || signature == null
                || signature.isEmpty()) {
            return null;
        }
        List<String> names = headerNames(headers);
        return names == null ? null : new HmacAuthorization(username, algorithm, names, signature);
    }

    /** The space-separated, lower-cased header names; null when empty, repeated, too many or not names. */
    private static List<String> headerNames(String headers) {
        List<String> names = new ArrayList<>();
        for (String name : headers.split(" ")) {
            if (name.isEmpty()) {
                continue;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HttpTokens.isToken(lower) || names.contains(lower) || names.size() == MAX_HEADERS) {
                return null;
            }
            names.add(lower);
        }
        return names.isEmpty() ? null : names;
    }

    /** Text that fits in a quoted parameter without escaping: no quote, backslash or control character. */
    static boolean isQuotable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static int skipSpace(String text, int from) {
        int i = from;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    @Override
    public String toString() {
        return "HmacAuthorization[username=" + username + ", algorithm=" + algorithm + ", headers=" + headers
                + ", signature=<hidden>]";
    }
}
