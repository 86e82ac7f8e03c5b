package io.portico.plugins.responsetransformer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.portico.plugin.ConfigReader;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginType;
import io.portico.plugins.transform.NamedValue;
import io.portico.plugins.transform.Operations;
import io.portico.plugins.transform.OperationsReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code response-transformer}: Kong's keys ({@code remove}, {@code rename}, {@code replace}, {@code add},
 * {@code append}, each with {@code headers} and {@code json} lists, and {@code json_types} for the values
 * of replace, add and append), plus {@code max_body_size}. Only a configuration with JSON operations
 * buffers bodies; header-only ones stream.
 */
public final class ResponseTransformerPluginType implements PluginType<ResponseTransformerConfig> {

    static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    private static final List<String> TYPES = List.of("string", "number", "boolean");

    public ResponseTransformerPluginType() {}

    @Override
    public String name() {
        return "response-transformer";
    }

    @Override
    public Set<Phase> phases() {
        return Set.of(Phase.RESPONSE_HEADERS, Phase.RESPONSE_BODY);
    }

    @Override
    public Set<Phase> phases(ResponseTransformerConfig config) {
        Set<Phase> used = EnumSet.noneOf(Phase.class);
        if (!config.headers().isEmpty()) {
            used.add(Phase.RESPONSE_HEADERS);
        }
        if (!config.json().isEmpty()) {
            used.add(Phase.RESPONSE_BODY);
        }
        return used;
    }

    @Override
    public int priority() {
        return 800; // Kong's
    }

    @Override
    public ResponseTransformerConfig readConfig(ConfigReader config) {
        OperationsReader operations = new OperationsReader(config);
        Operations headers = operations.read("headers", OperationsReader.Names.HEADER, false);
        Operations json = operations.read("json", OperationsReader.Names.JSON_PATH, false);
        JsonOperations jsonOperations = new JsonOperations(fields(json.remove()), renames(json.rename()),
                typed(operations.section("replace"), json.replace()), typed(operations.section("add"), json.add()),
                typed(operations.section("append"), json.append()));
        long maxBody = config.bytes("max_body_size", DEFAULT_MAX_BODY_BYTES);
        if (maxBody <= 0 || maxBody > 64L * 1024 * 1024) {
            config.expected("max_body_size", "a size from 1 byte to 64MB");
            maxBody = DEFAULT_MAX_BODY_BYTES;
        }
        return new ResponseTransformerConfig(headers, jsonOperations, (int) maxBody);
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
    private static List<JsonField> typed(ConfigReader section, List<NamedValue> entries) {
        List<String> types = section.strings("json_types", List.of());
        if (!types.isEmpty() && types.size() != entries.size()) {
            section.expected("json_types", "one type per json entry (" + entries.size() + "), or none");
            return List.of();
        }
        List<JsonField> fields = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            String type = types.isEmpty() ? "string" : types.get(i);
            String text = entries.get(i).value().render(null);
            JsonNode value = value(section, i, type, text);
            if (value != null) {
                fields.add(new JsonField(entries.get(i).name().split("\\."), value));
            }
        }
        return List.copyOf(fields);
    }

    private static JsonNode value(ConfigReader section, int index, String type, String text) {
        switch (type) {
            case "string" -> {
                return TextNode.valueOf(text);
            }
            case "boolean" -> {
                if (text.equals("true") || text.equals("false")) {
                    return BooleanNode.valueOf(Boolean.parseBoolean(text));
                }
                section.expectedItem("json", index, "a value of true or false for json_types boolean");
                return null;
            }
            case "number" -> {
                try {
                    return DecimalNode.valueOf(new BigDecimal(text.trim()));
                } catch (NumberFormatException e) {
                    section.expectedItem("json", index, "a number for json_types number");
                    return null;
                }
            }
            default -> {
                section.expectedItem("json_types", index, "one of " + String.join(", ", TYPES));
                return null;
            }
        }
    }

    @Override
    public Plugin create(ResponseTransformerConfig config, PluginContext context) {
        return new ResponseTransformerPlugin(config);
    }
}
