package io.portico.testing;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginRegistry;
import io.portico.plugin.PluginType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A plugin type for configuration tests: any name, any config (kept as read), and a plugin that does
 * nothing in the access phase.
 */
public record OpaquePluginType(String name) implements PluginType<Map<String, Object>> {

    public static PluginRegistry registry(Set<String> names) {
        List<PluginType<?>> types = new ArrayList<>();
        for (String name : names) {
            types.add(new OpaquePluginType(name));
        }
        return PluginRegistry.of(types);
    }

    @Override
    public Set<Phase> phases() {
        return Set.of(Phase.ACCESS);
    }

    @Override
    public int priority() {
        return 0;
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
        return new Plugin() {};
    }
}
