package io.portico.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Binds a static response ({@code status}, {@code body}, {@code headers}): a route's {@code response:} and a
 * circuit breaker's {@code fallback:}; and the header names and values that routes match on.
 */
final class ResponseBinder {

    static final List<String> KEYS = List.of("status", "body", "headers");

    private ResponseBinder() {}

    static ResponseSpec bind(Section response, int defaultStatus) {
        Binder binder = response.binder();
        int status = response.integer("status", defaultStatus, 100, 599);
        String body = response.string("body", "", "text");
        Map<String, String> headers = new LinkedHashMap<>();
        YamlNode node = response.node("headers");
        if (node instanceof YamlNode.Mapping mapping) {
            for (YamlNode.Entry entry : mapping.entries()) {
                String name = headerName(binder, entry, response.path("headers"), headers.keySet());
                String value = headerValue(binder, entry.value(), response.path("headers") + "." + entry.key());
                if (name != null && value != null) {
                    headers.put(name, value);
                }
            }
        } else if (node != null) {
            binder.expected(response.path("headers"), node, "a mapping of header name to value");
        }
        return new ResponseSpec(status, body, headers);
    }

    /** The lower-cased header name, or null after reporting an invalid or repeated one. */
    static String headerName(Binder binder, YamlNode.Entry entry, String mapPath, Set<String> seen) {
        String name = entry.key().toLowerCase(Locale.ROOT);
        if (!HttpSyntax.isToken(name)) {
            binder.error(mapPath, entry.line(), entry.column(), Render.quote(entry.key())
                    + " (expected: " + HttpSyntax.TOKEN_RULE + ")");
            return null;
        }
        if (seen.contains(name)) {
            binder.error(mapPath, entry.line(), entry.column(), Render.quote(entry.key())
                    + " (expected: each header once, whatever its case)");
            return null;
        }
        return name;
    }

    static String headerValue(Binder binder, YamlNode node, String path) {
        String value = binder.text(node, path, "a header value");
        if (value != null && !HttpSyntax.isFieldValue(value)) {
            binder.error(path, node, Render.quote(value) + " (expected: " + HttpSyntax.FIELD_VALUE_RULE + ")");
            return null;
        }
        return value;
    }
}
