package io.portico.plugins.responsetransformer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One JSON operation's target and value: {@code path} is the dotted path ({@code user.address.city}),
 * {@code value} the typed value to write (or, for rename, the new field name as a text node).
 */
record JsonField(String[] path, JsonNode value) {

    String last() {
        return path[path.length - 1];
    }
}
