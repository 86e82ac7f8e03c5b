package io.portico.app;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Locale;

/**
 * The request {@code portico explain} routes, as written on its command line: {@code 'GET http://host/path?x=1'}
 * (the method may be left out: GET) or an origin-form {@code '/path'} whose host comes from {@code -H 'Host: ...'}.
 *
 * @param target the origin-form request-target ({@code /path?query}), not yet normalized
 * @param host   the Host the gateway would see: the URL's authority, else the Host header, else null
 */
record ExplainRequest(String method, String target, String host, HttpHeaders headers) {

    private static final String REQUEST_RULE = "[METHOD] URL, such as 'GET http://api.example.com/users?page=2' or '/users'";

    /**
     * Parses the command line's request and headers.
     *
     * @throws IllegalArgumentException with a message shaped {@code "..." (expected: ...)}
     */
    static ExplainRequest parse(String request, List<String> headerLines) {
        String text = request.strip();
        int space = text.indexOf(' ');
        String method = space < 0 ? "GET" : text.substring(0, space);
        String url = space < 0 ? text : text.substring(space + 1).strip();
        if (!isToken(method) || url.isEmpty() || url.indexOf(' ') >= 0) {
            throw new IllegalArgumentException(quote(request) + " (expected: " + REQUEST_RULE + ")");
        }
        HttpHeaders headers = new DefaultHttpHeaders(false);
        for (String line : headerLines) {
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon).strip();
            if (!isToken(name)) {
                throw new IllegalArgumentException(quote(line) + " (expected: a header as 'name: value')");
            }
            headers.add(name, line.substring(colon + 1).strip());
        }
        String target;
        String host;
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            int authorityStart = url.indexOf("//") + 2;
            int authorityEnd = authorityStart;
            while (authorityEnd < url.length() && url.charAt(authorityEnd) != '/' && url.charAt(authorityEnd) != '?') {
                authorityEnd++;
            }
            host = url.substring(authorityStart, authorityEnd);
            if (host.isEmpty() || host.indexOf('@') >= 0) {
                throw new IllegalArgumentException(quote(request) + " (expected: a URL with a host and no user info)");
            }
            String rest = url.substring(authorityEnd);
            target = rest.isEmpty() ? "/" : rest.startsWith("?") ? "/" + rest : rest;
            // As a gateway does with an absolute-form target: the URL's authority is the Host.
            headers.set("Host", host);
        } else if (url.startsWith("/")) {
            target = url;
            host = headers.get("Host");
        } else {
            throw new IllegalArgumentException(quote(request) + " (expected: " + REQUEST_RULE + ")");
        }
        return new ExplainRequest(method, target, host, headers);
    }

    /** RFC 9110 token: what a method or a header name may be made of. */
    private static boolean isToken(String text) {
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

    private static String quote(String text) {
        return "\"" + text + "\"";
    }
}
