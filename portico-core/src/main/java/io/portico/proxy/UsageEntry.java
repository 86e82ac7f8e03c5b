package io.portico.proxy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One plugin instance's report of a consumer's usage.
 *
 * @param plugin the plugin's name, e.g. {@code quota}
 * @param source where it is configured, e.g. {@code routes[orders]}
 * @param usage  what the plugin reported (JSON-ready values)
 */
public record UsageEntry(String plugin, String source, Map<String, Object> usage) {

    public UsageEntry {
        usage = Collections.unmodifiableMap(new LinkedHashMap<>(usage)); // in the plugin's order, for people
    }
}
