package io.portico.plugin;

/**
 * RFC 9110 tokens (§5.6.2): what header names, cookie names and authentication parameter names are
 * made of. For checking names a plugin is configured with or reads from a request.
 */
public final class HttpTokens {

    private static final String SYMBOLS = "!#$%&'*+-.^_`|~";

    private HttpTokens() {}

    /** A non-empty token, such as a header name. */
    public static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!isTokenChar(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** A letter, a digit or one of {@code !#$%&'*+-.^_`|~}. */
    public static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || SYMBOLS.indexOf(c) >= 0;
    }
}
