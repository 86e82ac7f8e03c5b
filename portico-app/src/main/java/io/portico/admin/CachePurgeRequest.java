package io.portico.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portico.plugin.CachePurge;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;

/**
 * The body of {@code POST /cache/purge}: exactly one of {@code {"key": "…"}}, {@code {"route": "…"}} or
 * {@code {"tag": "…"}}, with a non-empty text value.
 */
final class CachePurgeRequest {

    static final String RULE = "a JSON object with exactly one of \"key\", \"route\" or \"tag\", a non-empty text";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CachePurgeRequest() {}

    /** The target, or null when the body is not one ({@link #RULE}). */
    static CachePurge.Target parse(byte[] body) {
        JsonNode document;
        try {
            document = JSON.readTree(body);
        } catch (IOException e) {
            return null; // not JSON
        }
        if (document == null || !document.isObject() || document.size() != 1) {
            return null;
        }
        Iterator<String> names = document.fieldNames();
        String name = names.next();
        JsonNode value = document.get(name);
        if (!value.isTextual() || value.asText().isEmpty()) {
            return null;
        }
        return switch (name) {
            case "key", "route", "tag" -> new CachePurge.Target(CachePurge.Target.By.valueOf(name.toUpperCase(Locale.ROOT)),
                    value.asText());
            default -> null;
        };
    }
}
