package io.portico.config;

import java.util.Map;

/**
 * A plugin attachment ({@code - name: key-auth, config: {...}}). Plugins arrive with the plugin
 * chain; until a plugin registry knows a name, the validator rejects it as unknown.
 */
public record PluginSpec(String name, Map<String, Object> config, Integer priority) {

    public PluginSpec {
        config = config == null ? Map.of() : Map.copyOf(config);
    }
}
