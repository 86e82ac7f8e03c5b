package io.portico.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The JSON side of an aggregate route: each backend's body is parsed when it arrives (a body that is
 * not JSON fails its backend), and the merge puts each under its key, or spreads an object's fields at
 * the root, in the backends' declared order (a later backend's field replaces an earlier one's).
 */
final class AggregateMerge {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AggregateMerge() {}

    /** The parsed body, or null when it is not JSON, or not an object although it is merged at the root. */
    static JsonNode parse(byte[] body, boolean atRoot) {
        try {
            JsonNode value = JSON.readTree(body);
            if (value == null || value.isMissingNode() || atRoot && !value.isObject()) {
                return null;
            }
            return value;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The merged response body.
     *
     * @param keys   each backend's key, null for a root merge
     * @param values each backend's parsed body, null for an optional backend that failed (left out)
     */
    static byte[] merge(String[] keys, JsonNode[] values) {
        ObjectNode merged = JSON.createObjectNode();
        for (int i = 0; i < keys.length; i++) {
            JsonNode value = values[i];
            if (value == null) {
                continue;
            }
            if (keys[i] == null) {
                merged.setAll((ObjectNode) value);
            } else {
                merged.set(keys[i], value);
            }
        }
        try {
            return JSON.writeValueAsBytes(merged);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of parsed JSON always writes", e);
        }
    }
}
