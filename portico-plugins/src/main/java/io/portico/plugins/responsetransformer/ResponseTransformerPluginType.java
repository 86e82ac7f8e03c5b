package io.portico.plugins.responsetransformer;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginType;
import io.portico.plugins.transform.JsonOperations;
import io.portico.plugins.transform.Operations;
import io.portico.plugins.transform.OperationsReader;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code response-transformer}: Kong's keys ({@code remove}, {@code rename}, {@code replace}, {@code add},
 * {@code append}, each with {@code headers} and {@code json} lists, and {@code json_types} for the values
 * of replace, add and append), plus {@code max_body_size}. Only a configuration with JSON operations
 * buffers bodies; header-only ones stream.
 */
public final class ResponseTransformerPluginType implements PluginType<ResponseTransformerConfig> {

    static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

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
        JsonOperations jsonOperations = JsonOperations.read(operations, "json");
        long maxBody = config.bytes("max_body_size", DEFAULT_MAX_BODY_BYTES);
        if (maxBody <= 0 || maxBody > 64L * 1024 * 1024) {
            config.expected("max_body_size", "a size from 1 byte to 64MB");
            maxBody = DEFAULT_MAX_BODY_BYTES;
        }
        return new ResponseTransformerConfig(headers, jsonOperations, (int) maxBody);
    }

    @Override
    public Plugin create(ResponseTransformerConfig config, PluginContext context) {
        return new ResponseTransformerPlugin(config);
    }
}
