package io.portico.plugins.transform;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One JSON operation's target and value: {@code path} is the dotted path ({@code user.address.city}),
 * {@code value} the typed value to write (or, for rename, the new field name as a text node).
 */
public record JsonField(String[] path, JsonNode value) {

    public String last() {
        return path[path.length - 1];
    }
}
