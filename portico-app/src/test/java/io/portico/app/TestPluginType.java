package io.portico.app;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginRegistry;
import io.portico.plugin.PluginType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A plugin type with a chosen name, phases and default priority whose plugins do nothing, for tests of
 * how chains are put together and reported. Its config is any mapping; {@code fail_to_start: true}
 * makes {@code create} throw, as a plugin that cannot start does.
 */
public record TestPluginType(String name, Set<Phase> phases, int priority) implements PluginType<Map<String, Object>> {

    /**
     * request-id (rewrite, response_headers; 100001), authenticator (authenticate; 1250), limiter (access; 910),
     * tagger (access, upstream_request, log; 10).
     */
    public static PluginRegistry registry() {
        return PluginRegistry.of(
                new TestPluginType("request-id", Set.of(Phase.REWRITE, Phase.RESPONSE_HEADERS), 100001),
                new TestPluginType("authenticator", Set.of(Phase.AUTHENTICATE), 1250),
                new TestPluginType("limiter", Set.of(Phase.ACCESS), 910),
                new TestPluginType("tagger", Set.of(Phase.ACCESS, Phase.UPSTREAM_REQUEST, Phase.LOG), 10));
    }

    @Override
    public Map<String, Object> readConfig(ConfigReader config) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String key : config.keys()) {
            values.put(key, config.value(key));
        }
        return values;
    }

    @Override
    public Plugin create(Map<String, Object> config, PluginContext context) {
        if (Boolean.TRUE.equals(config.get("fail_to_start"))) {
            throw new IllegalStateException("told not to start");
        }
        return new Plugin() {};
    }
}
