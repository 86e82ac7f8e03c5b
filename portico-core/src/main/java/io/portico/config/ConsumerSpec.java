package io.portico.config;

import io.portico.plugin.Credential;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code consumers:}.
 *
 * @param credentials plugin name → that plugin's credentials, as its credential type read them
 *                    (secrets hashed where the plugin can)
 * @param plugins     consumer-scoped plugins; those with a {@code route} apply on that route only
 */
public record ConsumerSpec(String username, List<String> groups, Map<String, List<Credential>> credentials,
                           List<PluginSpec> plugins) {

    public ConsumerSpec {
        groups = List.copyOf(groups);
        credentials = Map.copyOf(credentials);
        plugins = List.copyOf(plugins);
    }
}
