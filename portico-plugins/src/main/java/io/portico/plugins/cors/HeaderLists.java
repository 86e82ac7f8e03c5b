package io.portico.plugins.cors;

import io.portico.plugin.Headers;
import io.portico.plugin.HttpTokens;
import java.util.List;

/** Header names and comma-separated lists of them, as CORS headers carry. */
final class HeaderLists {

    private HeaderLists() {}

    /** Tokens separated by commas and spaces, such as {@code content-type, x-api-key}; nothing else. */
    static boolean isTokenList(String text) {
        boolean sawToken = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (HttpTokens.isTokenChar(c)) {
                sawToken = true;
            } else if (c != ',' && c != ' ' && c != '\t') {
                return false;
            }
        }
        return sawToken;
    }

    /** Adds {@code token} to {@code Vary} unless it (or {@code *}) is already there. */
    static void addVary(Headers headers, String token) {
        List<String> values = headers.getAll("Vary");
        for (String value : values) {
            int start = 0;
            while (start <= value.length()) {
                int comma = value.indexOf(',', start);
                int end = comma < 0 ? value.length() : comma;
                String listed = value.substring(start, end).trim();
                if (listed.equalsIgnoreCase(token) || listed.equals("*")) {
                    return;
                }
                start = end + 1;
            }
        }
        headers.add("Vary", token);
    }
}
