package io.portico.plugin.testing;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.PluginType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a plugin config the way the core does, for schema tests: {@code ConfigProbe.read(type, Map.of(...))}
 * gives the config and every problem as {@code "config.minute: 0 (expected: >= 1)"}.
 */
public record ConfigProbe<C>(C config, List<String> problems) {

    public static <C> ConfigProbe<C> read(PluginType<C> type, Map<String, ?> config, String... consumers) {
        List<String> problems = new ArrayList<>();
        ConfigReader reader = ConfigReader.of(config, "config", (path, message) -> problems.add(path + ": " + message),
                Set.of(consumers));
        C value = type.readConfig(reader);
        reader.finish();
        return new ConfigProbe<>(problems.isEmpty() ? value : null, List.copyOf(problems));
    }
}
