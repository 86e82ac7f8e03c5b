package io.portico.plugins.responsetransformer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Kong's JSON body operations on an object, in Kong's order: remove, rename, replace (only what is
 * there), add (only what is not; missing parent objects are created), append (turns a present value
 * into an array and appends; sets an absent one). Paths go through objects only; a path that meets
 * something else than an object is left alone.
 */
record JsonOperations(List<JsonField> remove, List<JsonField> rename, List<JsonField> replace, List<JsonField> add,
                      List<JsonField> append) {

    boolean isEmpty() {
        return remove.isEmpty() && rename.isEmpty() && replace.isEmpty() && add.isEmpty() && append.isEmpty();
    }

    void apply(ObjectNode root) {
        for (JsonField field : remove) {
            ObjectNode parent = parent(root, field, false);
            if (parent != null) {
                parent.remove(field.last());
            }
        }
        for (JsonField field : rename) {
            ObjectNode parent = parent(root, field, false);
            if (parent != null && parent.has(field.last())) {
                parent.set(field.value().asText(), parent.remove(field.last()));
            }
        }
        for (JsonField field : replace) {
            ObjectNode parent = parent(root, field, false);
            if (parent != null && parent.has(field.last())) {
                parent.set(field.last(), field.value().deepCopy());
            }
        }
        for (JsonField field : add) {
            ObjectNode parent = parent(root, field, true);
            if (parent != null && !parent.has(field.last())) {
                parent.set(field.last(), field.value().deepCopy());
            }
        }
        for (JsonField field : append) {
            ObjectNode parent = parent(root, field, true);
            if (parent == null) {
                continue;
            }
            JsonNode present = parent.get(field.last());
            if (present == null) {
                parent.set(field.last(), field.value().deepCopy());
            } else if (present instanceof ArrayNode array) {
                array.add(field.value().deepCopy());
            } else {
                ArrayNode array = parent.arrayNode();
                array.add(present);
                array.add(field.value().deepCopy());
                parent.set(field.last(), array);
            }
        }
    }

    /** The object holding the path's last field; null when the way there is not objects (and not created). */
    private static ObjectNode parent(ObjectNode root, JsonField field, boolean create) {
        ObjectNode node = root;
        String[] path = field.path();
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode next = node.get(path[i]);
            if (next == null && create) {
                next = node.putObject(path[i]);
            }
            if (!(next instanceof ObjectNode object)) {
                return null;
            }
            node = object;
        }
        return node;
    }
}
