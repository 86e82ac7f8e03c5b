package io.portico.config;

import java.util.Map;
import java.util.TreeSet;

/**
 * A plugin attachment ({@code - name: key-auth, config: {...}}) after its plugin type read the config.
 *
 * @param config       the config as written (plain YAML values), for export
 * @param priority     overrides the type's default priority within each phase; null = the default
 * @param route        for a consumer's plugin that applies on one route only (consumer+route scope); else null
 * @param parsedConfig what the plugin type's {@code readConfig} returned
 */
public record PluginSpec(String name, Map<String, Object> config, Integer priority, String route, Object parsedConfig) {

    public PluginSpec {
        config = config == null ? Map.of() : Map.copyOf(config);
    }

    /** Names the config's keys, never its values: they may be secrets (a client_secret, a token). */
    @Override
    public String toString() {
        return "PluginSpec[name=" + name + ", config keys=" + new TreeSet<>(config.keySet())
                + ", priority=" + priority + (route == null ? "" : ", route=" + route) + "]";
    }
}
