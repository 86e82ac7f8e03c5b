package io.portico.plugins.jwt;

import io.portico.plugin.Headers;
import io.portico.plugin.HttpExchange;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a token may be: {@code Bearer} headers, query parameters, cookies. Every place is read, and two
 * different values anywhere (two Authorization headers, a header and {@code ?jwt=}) are reported as
 * several tokens: which one would be "the" token is exactly what an attacker would like to choose.
 */
final class TokenLocations {

    private static final String BEARER = "bearer";

    private final List<String> headerNames;
    private final List<String> paramNames;
    private final List<String> cookieNames;

    TokenLocations(List<String> headerNames, List<String> paramNames, List<String> cookieNames) {
        this.headerNames = List.copyOf(headerNames);
        this.paramNames = List.copyOf(paramNames);
        this.cookieNames = List.copyOf(cookieNames);
    }

    Presented find(HttpExchange exchange) {
        Found found = new Found();
        Headers headers = exchange.requestHeaders();
        for (String name : headerNames) {
            for (String value : headers.getAll(name)) {
                if (!found.add(bearer(value), found.headers, name)) {
                    return Presented.Several.INSTANCE;
                }
            }
        }
        for (String name : paramNames) {
            for (String value : exchange.queryParameters(name)) {
                if (!found.add(value.strip(), found.params, name)) {
                    return Presented.Several.INSTANCE;
                }
            }
        }
        if (!cookieNames.isEmpty()) {
            for (String cookieHeader : headers.getAll("cookie")) {
                if (!findInCookies(cookieHeader, found)) {
                    return Presented.Several.INSTANCE;
                }
            }
        }
        if (found.token == null) {
            return Presented.Nothing.INSTANCE;
        }
        return new Presented.One(found.token, found.headers, found.params, found.cookies);
    }

    /** Removes the token from everywhere it was found ({@code hide_credentials}). */
    void hide(HttpExchange exchange, Presented.One found) {
        Headers headers = exchange.requestHeaders();
        for (String name : found.headers()) {
            headers.remove(name);
        }
        for (String param : found.params()) {
            exchange.removeQueryParameter(param);
        }
        if (!found.cookies().isEmpty()) {
            List<String> kept = new ArrayList<>();
            for (String cookieHeader : headers.getAll("cookie")) {
                String rest = withoutCookies(cookieHeader, found.cookies());
                if (!rest.isEmpty()) {
                    kept.add(rest);
                }
            }
            headers.remove("cookie");
            for (String value : kept) {
                headers.add("cookie", value);
            }
        }
    }

    private boolean findInCookies(String cookieHeader, Found found) {
        for (String pair : cookieHeader.split(";")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = pair.substring(0, eq).strip();
            if (cookieNames.contains(name)) {
                String value = pair.substring(eq + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (!found.add(value, found.cookies, name)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String withoutCookies(String cookieHeader, List<String> names) {
        StringBuilder kept = new StringBuilder(cookieHeader.length());
        for (String pair : cookieHeader.split(";")) {
            int eq = pair.indexOf('=');
            String name = (eq < 0 ? pair : pair.substring(0, eq)).strip();
            if (!names.contains(name) && !pair.isBlank()) {
                if (kept.length() > 0) {
                    kept.append("; ");
                }
                kept.append(pair.strip());
            }
        }
        return kept.toString();
    }

    /** The token of {@code Bearer <token>} (scheme case-insensitive), or null for another scheme. */
    private static String bearer(String value) {
        String text = value.strip();
        if (text.length() <= BEARER.length() || !text.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        char separator = text.charAt(BEARER.length());
        if (separator != ' ' && separator != '\t') {
            return null;
        }
        return text.substring(BEARER.length() + 1).strip();
    }

    /** The token seen so far and where; {@link #add} is false on a second, different token. */
    private static final class Found {
        private String token;
        private final List<String> headers = new ArrayList<>(1);
        private final List<String> params = new ArrayList<>(1);
        private final List<String> cookies = new ArrayList<>(1);

        boolean add(String candidate, List<String> places, String place) {
            if (candidate == null || candidate.isEmpty()) {
                return true;
            }
            if (token == null) {
                token = candidate;
            } else if (!token.equals(candidate)) {
                return false;
            }
            if (!places.contains(place)) {
                places.add(place);
            }
            return true;
        }
    }
}
