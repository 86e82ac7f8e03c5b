package io.portico.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.plugin.PluginRegistry;
import io.portico.testing.OpaquePluginType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Parses YAML snippets and renders errors as {@code line:column: path: message} for exact assertions. */
final class ConfigFixtures {

    static final Function<String, String> NO_ENV = name -> null;

    private ConfigFixtures() {}

    static PorticoSpec parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "test.yaml", NO_ENV, PluginRegistry.empty());
    }

    static PorticoSpec parse(String yaml, Map<String, String> env) throws ConfigException {
        return ConfigLoader.parse(yaml, "test.yaml", env::get, PluginRegistry.empty());
    }

    static PorticoSpec parse(String yaml, Set<String> plugins) throws ConfigException {
        return ConfigLoader.parse(yaml, "test.yaml", NO_ENV, OpaquePluginType.registry(plugins));
    }

    static List<String> errors(String yaml) {
        return errors(yaml, Map.of(), Set.of());
    }

    static List<String> errors(String yaml, Map<String, String> env, Set<String> plugins) {
        return errors(yaml, env, OpaquePluginType.registry(plugins));
    }

    static List<String> errors(String yaml, Map<String, String> env, PluginRegistry plugins) {
        List<String> out = new ArrayList<>();
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "test.yaml", env::get, plugins))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    for (ConfigError error : e.errors()) {
                        out.add(error.format(null));
                    }
                });
        return out;
    }

    /** {@code version: 1} followed by the given lines. */
    static String v1(String rest) {
        return "version: 1\n" + rest;
    }
}
