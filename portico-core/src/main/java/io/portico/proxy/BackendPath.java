package io.portico.proxy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An aggregate backend's path template, parsed once: literal text and {@code {name}} references to
 * the route path's variables, before and after an optional {@code ?}. Values come from the normalized
 * request path, so they carry no {@code ..}; in the query they are percent-encoded so that they cannot
 * add parameters.
 */
final class BackendPath {

    private record Part(String literal, String variable, boolean inQuery) {}

    private final List<Part> parts;

    private BackendPath(List<Part> parts) {
        this.parts = parts;
    }

    /** Parses a template that configuration validation accepted (braces balanced, starts with /). */
    static BackendPath parse(String template) {
        List<Part> parts = new ArrayList<>();
        int query = template.indexOf('?');
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            int end = open < 0 ? template.length() : open;
            if (end > i) {
                parts.add(new Part(template.substring(i, end), null, false));
            }
            if (open < 0) {
                break;
            }
            int close = template.indexOf('}', open);
            parts.add(new Part(null, template.substring(open + 1, close), query >= 0 && open > query));
            i = close + 1;
        }
        return new BackendPath(List.copyOf(parts));
    }

    /**
     * The path and query for the request's variables, after the service's path prefix.
     *
     * @throws IllegalArgumentException when the rendered path is not safe to send
     */
    String render(String servicePrefix, Map<String, String> variables) {
        StringBuilder out = new StringBuilder(64).append(servicePrefix);
        for (Part part : parts) {
            if (part.literal() != null) {
                out.append(part.literal());
                continue;
            }
            String value = variables.getOrDefault(part.variable(), "");
            if (part.inQuery()) {
                appendQueryEncoded(out, value);
            } else {
                out.append(value);
            }
        }
        String uri = out.toString();
        int query = uri.indexOf('?');
        UpstreamPaths.checked(query < 0 ? uri : uri.substring(0, query));
        return uri;
    }

    private static void appendQueryEncoded(StringBuilder out, String value) {
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '%';
            if (unreserved) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
    }
}
