package io.portico.config;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.Credential;
import io.portico.plugin.CredentialType;
import io.portico.plugin.Phase;
import io.portico.plugin.PluginRegistry;
import io.portico.plugin.PluginType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds {@code plugins:} lists (global, service, route, consumer) and consumer credentials. Names
 * must be known to the registry; each {@code config} is read by its plugin type, whose problems are
 * reported with the path and the line of the offending value. An entry with {@code enabled: false}
 * is validated and then left out.
 */
final class PluginBinder {

    static final List<String> KEYS = List.of("name", "config", "priority", "enabled");
    static final List<String> CONSUMER_KEYS = List.of("name", "route", "config", "priority", "enabled");

    private final Binder binder;
    private final PluginRegistry registry;
    private final Set<String> consumerNames;

    PluginBinder(Binder binder, PluginRegistry registry, Set<String> consumerNames) {
        this.binder = binder;
        this.registry = registry;
        this.consumerNames = Set.copyOf(consumerNames);
    }

    /** The {@code plugins:} of a global, service or route section. */
    List<PluginSpec> bindAll(Section owner) {
        return bind(owner, KEYS, null);
    }

    /** The {@code plugins:} of a consumer: only plugins that run after authentication; {@code route} narrows. */
    List<PluginSpec> bindConsumerPlugins(Section consumer, Set<String> routeNames) {
        return bind(consumer, CONSUMER_KEYS, routeNames);
    }

    private List<PluginSpec> bind(Section owner, List<String> keys, Set<String> routeNames) {
        List<YamlNode> items = owner.list("plugins", "plugins");
        List<PluginSpec> plugins = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Section plugin = binder.section(items.get(i), owner.path("plugins") + "[" + i + "]", keys);
            PluginType<?> type = type(plugin);
            String route = routeNames == null ? null : route(plugin, routeNames);
            if (type != null && routeNames != null && !runsAfterAuthentication(type)) {
                binder.error(plugin.path("name"), plugin.node("name"), Render.quote(type.name())
                        + " (expected: a plugin that runs after authentication; consumer plugins cannot identify consumers)");
                type = null;
            }
            if (type != null) {
                String scopeKey = route == null ? type.name() : type.name() + "@" + route;
                Integer first = seen.putIfAbsent(scopeKey, i);
                if (first != null) {
                    binder.error(plugin.path("name"), plugin.node("name"), Render.quote(type.name())
                            + " (expected: each plugin once per list" + (route == null ? "" : " and route")
                            + "; also at plugins[" + first + "])");
                    type = null;
                }
            }
            Map<String, Object> config = plainConfig(plugin);
            Object parsed = type == null ? null : readConfig(type, plugin, config);
            YamlNode priorityNode = plugin.node("priority");
            Integer priority = priorityNode == null ? null
                    : binder.integer(priorityNode, plugin.path("priority"), Integer.MIN_VALUE, Integer.MAX_VALUE);
            boolean enabled = plugin.bool("enabled", true);
            if (type != null && enabled) {
                plugins.add(new PluginSpec(type.name(), config, priority, route, parsed));
            }
        }
        return plugins;
    }

    private PluginType<?> type(Section plugin) {
        YamlNode nameNode = plugin.required("name", "a plugin name");
        String name = nameNode == null ? null : binder.text(nameNode, plugin.path("name"), "a plugin name");
        if (name == null) {
            return null;
        }
        PluginType<?> type = registry.find(name);
        if (type == null) {
            binder.error(plugin.path("name"), nameNode, "unknown plugin " + Render.quote(name)
                    + (registry.names().isEmpty() ? "" : " (expected one of: " + String.join(", ", registry.names()) + ")"));
        }
        return type;
    }

    private String route(Section plugin, Set<String> routeNames) {
        YamlNode node = plugin.node("route");
        if (node == null) {
            return null;
        }
        String route = binder.text(node, plugin.path("route"), "a route name");
        if (route != null && !routeNames.contains(route)) {
            binder.expected(plugin.path("route"), node, "the name of a route");
            return null;
        }
        return route;
    }

    private static boolean runsAfterAuthentication(PluginType<?> type) {
        for (Phase phase : type.phases()) {
            if (!phase.afterAuthentication()) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> plainConfig(Section plugin) {
        YamlNode node = plugin.node("config");
        if (node == null) {
            return Map.of();
        }
        if (!(node instanceof YamlNode.Mapping)) {
            binder.expected(plugin.path("config"), node, "a mapping");
            return Map.of();
        }
        return (Map<String, Object>) binder.plain(node, plugin.path("config"));
    }

    private Object readConfig(PluginType<?> type, Section plugin, Map<String, Object> config) {
        YamlNode node = plugin.node("config");
        ConfigReader reader = reader(config, plugin.path("config"), node == null ? plugin.node() : node);
        Object parsed = type.readConfig(reader);
        reader.finish();
        return parsed;
    }

    /**
     * The credentials of one consumer ({@code credentials: {key-auth: [...], jwt: [...]}}), read by
     * the plugin types that own them.
     */
    Map<String, List<Credential>> bindCredentials(Section consumer, String username) {
        YamlNode node = consumer.node("credentials");
        if (node == null) {
            return Map.of();
        }
        if (!(node instanceof YamlNode.Mapping mapping)) {
            binder.expected(consumer.path("credentials"), node, "a mapping of plugin name to credentials");
            return Map.of();
        }
        Map<String, List<Credential>> out = new HashMap<>();
        for (YamlNode.Entry entry : mapping.entries()) {
            String path = consumer.path("credentials") + "." + entry.key();
            PluginType<?> type = registry.find(entry.key());
            CredentialType<?> credentialType = type == null ? null : type.credentialType();
            if (credentialType == null) {
                binder.error(path, entry.line(), entry.column(), "unknown credential type " + Render.quote(entry.key())
                        + " (expected: the name of an authentication plugin: " + String.join(", ", credentialPlugins()) + ")");
                continue;
            }
            List<YamlNode> items = binder.list(entry.value(), path, "credentials");
            List<Credential> credentials = new ArrayList<>();
            for (int i = 0; items != null && i < items.size(); i++) {
                YamlNode item = items.get(i);
                String itemPath = path + "[" + i + "]";
                if (!(item instanceof YamlNode.Mapping)) {
                    binder.expected(itemPath, item, "a mapping");
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> values = (Map<String, Object>) binder.plain(item, itemPath);
                ConfigReader reader = reader(values, itemPath, item);
                Credential credential = credentialType.read(reader, username, i);
                reader.finish();
                if (credential != null && !reader.hasProblems()) {
                    credentials.add(credential);
                }
            }
            out.put(entry.key(), List.copyOf(credentials));
        }
        return out;
    }

    private List<String> credentialPlugins() {
        List<String> names = new ArrayList<>();
        for (String name : registry.names()) {
            if (registry.find(name).credentialType() != null) {
                names.add(name);
            }
        }
        return names;
    }

    /** A reader whose problems carry the line and column of the value they are about. */
    private ConfigReader reader(Map<String, Object> values, String path, YamlNode at) {
        Map<String, YamlNode> positions = new HashMap<>();
        index(at, path, positions);
        return ConfigReader.of(values, path, (problemPath, message) -> {
            YamlNode node = nearest(positions, problemPath);
            binder.error(problemPath, node == null ? at : node, message);
        }, consumerNames);
    }

    private static void index(YamlNode node, String path, Map<String, YamlNode> positions) {
        positions.put(path, node);
        if (node instanceof YamlNode.Mapping mapping) {
            for (YamlNode.Entry entry : mapping.entries()) {
                index(entry.value(), path + "." + entry.key(), positions);
            }
        } else if (node instanceof YamlNode.Sequence sequence) {
            for (int i = 0; i < sequence.items().size(); i++) {
                index(sequence.items().get(i), path + "[" + i + "]", positions);
            }
        }
    }

    /** The node at the path, or at its closest ancestor (a missing key is reported at its mapping). */
    private static YamlNode nearest(Map<String, YamlNode> positions, String path) {
        String at = path;
        while (!at.isEmpty()) {
            YamlNode node = positions.get(at);
            if (node != null) {
                return node;
            }
            int cut = Math.max(at.lastIndexOf('.'), at.lastIndexOf('['));
            if (cut <= 0) {
                return null;
            }
            at = at.substring(0, cut);
        }
        return null;
    }
}
