package io.portico.plugins.transform;

import io.portico.plugin.HttpExchange;
import java.util.ArrayList;
import java.util.List;

/**
 * A value with references to the request, rendered per request: {@code $(uri_captures.id)} (or, in a
 * path, the route's own spelling {@code {id}}), {@code $(headers.x-tenant)}, {@code $(query_params.page)}.
 * A reference to something the request does not have renders as nothing, as in Kong. Parsed once,
 * when the configuration is read.
 */
public final class Template {

    /** One piece: literal text, or a reference. */
    private record Part(String literal, Source source, String name) {}

    private enum Source { CAPTURE, HEADER, QUERY }

    private final List<Part> parts;

    private Template(List<Part> parts) {
        this.parts = parts;
    }

    /**
     * Parses {@code text}; {@code braces} also reads {@code {name}} as a path variable (for paths).
     *
     * @throws IllegalArgumentException naming what is wrong, for the configuration error
     */
    public static Template parse(String text, boolean braces) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && text.startsWith("$(", i)) {
                int end = text.indexOf(')', i);
                if (end < 0) {
                    throw new IllegalArgumentException("an unclosed $( in " + text);
                }
                flush(literal, parts);
                parts.add(reference(text.substring(i + 2, end)));
                i = end + 1;
            } else if (braces && c == '{') {
                int end = text.indexOf('}', i);
                if (end < 0 || end == i + 1) {
                    throw new IllegalArgumentException("an unclosed or empty { in " + text);
                }
                flush(literal, parts);
                parts.add(new Part(null, Source.CAPTURE, text.substring(i + 1, end)));
                i = end + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        flush(literal, parts);
        return new Template(List.copyOf(parts));
    }

    /** Fixed text, with no references (response values, new names). */
    public static Template literal(String text) {
        return new Template(text.isEmpty() ? List.of() : List.of(new Part(text, null, null)));
    }

    private static Part reference(String reference) {
        int dot = reference.indexOf('.');
        String kind = dot < 0 ? reference : reference.substring(0, dot);
        String name = dot < 0 ? "" : reference.substring(dot + 1);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("$(" + reference + ") names nothing (expected: $(uri_captures.NAME), "
                    + "$(headers.NAME) or $(query_params.NAME))");
        }
        return switch (kind) {
            case "uri_captures" -> new Part(null, Source.CAPTURE, name);
            case "headers" -> new Part(null, Source.HEADER, name);
            case "query_params" -> new Part(null, Source.QUERY, name);
            default -> throw new IllegalArgumentException("$(" + reference + ") (expected: $(uri_captures.NAME), "
                    + "$(headers.NAME) or $(query_params.NAME))");
        };
    }

    private static void flush(StringBuilder literal, List<Part> parts) {
        if (literal.length() > 0) {
            parts.add(new Part(literal.toString(), null, null));
            literal.setLength(0);
        }
    }

    public String render(HttpExchange exchange) {
        if (parts.isEmpty()) {
            return "";
        }
        if (parts.size() == 1 && parts.get(0).literal() != null) {
            return parts.get(0).literal();
        }
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part.literal() != null) {
                out.append(part.literal());
                continue;
            }
            String value = switch (part.source()) {
                case CAPTURE -> exchange.pathParameters().get(part.name());
                case HEADER -> exchange.requestHeaders().get(part.name());
                case QUERY -> exchange.queryParameter(part.name());
            };
            if (value != null) {
                out.append(value);
            }
        }
        return out.toString();
    }
}
