package io.portico.plugins.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.portico.plugin.ConfigReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Kong's JSON body operations on an object, in Kong's order: remove, rename, replace (only what is
 * there), add (only what is not; missing parent objects are created), append (turns a present value
 * into an array and appends; sets an absent one). Paths go through objects only; a path that meets
 * something else than an object is left alone.
 */
public record JsonOperations(List<JsonField> remove, List<JsonField> rename, List<JsonField> replace, List<JsonField> add,
                      List<JsonField> append) {

    public boolean isEmpty() {
        return remove.isEmpty() && rename.isEmpty() && replace.isEmpty() && add.isEmpty() && append.isEmpty();
    }

    public void apply(ObjectNode root) {
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

    private static final List<String> TYPES = List.of("string", "number", "boolean");

    /**
     * Reads the operations on {@code key} ({@code json} or {@code body}) with their values typed by each
     * section's {@code json_types} (Kong: one per entry, string when absent).
     */
    public static JsonOperations read(OperationsReader operations, String key) {
        Operations json = operations.read(key, OperationsReader.Names.JSON_PATH, false);
        return new JsonOperations(fields(json.remove()), renames(json.rename()),
                typed(operations.section("replace"), key, json.replace()), typed(operations.section("add"), key, json.add()),
                typed(operations.section("append"), key, json.append()));
    }

    private static List<JsonField> fields(List<String> paths) {
        List<JsonField> fields = new ArrayList<>(paths.size());
        for (String path : paths) {
            fields.add(new JsonField(path.split("\\."), null));
        }
        return List.copyOf(fields);
    }

    private static List<JsonField> renames(List<NamedValue> entries) {
        List<JsonField> fields = new ArrayList<>(entries.size());
        for (NamedValue entry : entries) {
            fields.add(new JsonField(entry.name().split("\\."), TextNode.valueOf(entry.value().render(null))));
        }
        return List.copyOf(fields);
    }

    /** Values typed by the section's {@code json_types} (Kong: one per entry, string when absent). */
    private static List<JsonField> typed(ConfigReader section, String key, List<NamedValue> entries) {
        List<String> types = section.strings("json_types", List.of());
        if (!types.isEmpty() && types.size() != entries.size()) {
            section.expected("json_types", "one type per " + key + " entry (" + entries.size() + "), or none");
            return List.of();
        }
        List<JsonField> fields = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            String type = types.isEmpty() ? "string" : types.get(i);
            String text = entries.get(i).value().render(null);
            JsonNode value = value(section, key, i, type, text);
            if (value != null) {
                fields.add(new JsonField(entries.get(i).name().split("\\."), value));
            }
        }
        return List.copyOf(fields);
    }

    private static JsonNode value(ConfigReader section, String key, int index, String type, String text) {
        switch (type) {
            case "string" -> {
                return TextNode.valueOf(text);
            }
            case "boolean" -> {
                if (text.equals("true") || text.equals("false")) {
                    return BooleanNode.valueOf(Boolean.parseBoolean(text));
                }
                section.expectedItem(key, index, "a value of true or false for json_types boolean");
                return null;
            }
            case "number" -> {
                try {
                    return DecimalNode.valueOf(new BigDecimal(text.trim()));
                } catch (NumberFormatException e) {
                    section.expectedItem(key, index, "a number for json_types number");
                    return null;
                }
            }
            default -> {
                section.expectedItem("json_types", index, "one of " + String.join(", ", TYPES));
                return null;
            }
        }
    }
}
