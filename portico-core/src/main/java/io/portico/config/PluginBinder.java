package io.portico.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Binds a {@code plugins:} list (global, service or route). Each plugin may appear once per list;
 * its name must be known; its {@code config} is kept as plain values for the plugin to validate.
 * An entry with {@code enabled: false} is validated and then left out.
 */
final class PluginBinder {

    static final List<String> KEYS = List.of("name", "config", "priority", "enabled");

    private final Set<String> knownNames;
    private final String knownList;

    PluginBinder(Set<String> knownNames) {
        this.knownNames = Set.copyOf(knownNames);
        this.knownList = String.join(", ", new TreeSet<>(knownNames));
    }

    List<PluginSpec> bindAll(Section owner) {
        Binder binder = owner.binder();
        List<YamlNode> items = owner.list("plugins", "plugins");
        List<PluginSpec> plugins = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Section plugin = binder.section(items.get(i), owner.path("plugins") + "[" + i + "]", KEYS);
            YamlNode nameNode = plugin.required("name", "a plugin name");
            String name = nameNode == null ? null : binder.text(nameNode, plugin.path("name"), "a plugin name");
            if (name != null && !knownNames.contains(name)) {
                binder.error(plugin.path("name"), nameNode, "unknown plugin " + Render.quote(name)
                        + (knownNames.isEmpty() ? "" : " (expected one of: " + knownList + ")"));
                name = null;
            }
            if (name != null) {
                Integer first = seen.putIfAbsent(name, i);
                if (first != null) {
                    binder.error(plugin.path("name"), nameNode, Render.quote(name)
                            + " (expected: each plugin once per list; also at plugins[" + first + "])");
                    name = null;
                }
            }
            Map<String, Object> config = config(plugin);
            YamlNode priorityNode = plugin.node("priority");
            Integer priority = priorityNode == null ? null
                    : binder.integer(priorityNode, plugin.path("priority"), Integer.MIN_VALUE, Integer.MAX_VALUE);
            boolean enabled = plugin.bool("enabled", true);
            if (name != null && enabled) {
                plugins.add(new PluginSpec(name, config, priority));
            }
        }
        return plugins;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> config(Section plugin) {
        YamlNode node = plugin.node("config");
        if (node == null) {
            return Map.of();
        }
        if (!(node instanceof YamlNode.Mapping)) {
            plugin.binder().expected(plugin.path("config"), node, "a mapping");
            return Map.of();
        }
        return (Map<String, Object>) plugin.binder().plain(node, plugin.path("config"));
    }
}
