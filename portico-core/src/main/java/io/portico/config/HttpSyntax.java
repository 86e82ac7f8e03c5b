package io.portico.config;

/** Character rules of HTTP (RFC 9110) that configured names and values must follow. */
final class HttpSyntax {

    static final String TOKEN_RULE = "a header name of letters, digits and !#$%&'*+-.^_`|~";
    static final String FIELD_VALUE_RULE = "a header value without control characters";

    private HttpSyntax() {}

    /** A non-empty token ({@code tchar}), as header names and methods are. */
    static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Tabs, spaces and visible characters; never CR or LF (that would inject headers). */
    static boolean isFieldValue(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    static boolean isVisibleAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
