package io.portico.config;

import io.portico.plugin.Credential;
import io.portico.plugin.CredentialType;
import io.portico.plugin.PluginRegistry;
import io.portico.plugin.PluginType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Binds {@code consumers:}: usernames, groups, credentials (read by their plugins) and plugins. */
final class ConsumerBinder {

    static final List<String> KEYS = List.of("username", "groups", "credentials", "plugins");
    private static final int MAX_LENGTH = 128;
    static final String USERNAME_RULE = "1 to " + MAX_LENGTH + " characters of a-z, A-Z, 0-9, '.', '_', '-', '@' and '+'";
    static final String GROUP_RULE = "1 to " + MAX_LENGTH + " characters of a-z, A-Z, 0-9, '.', '_', '-' and ':'";

    private final Binder binder;
    private final PluginRegistry registry;

    ConsumerBinder(Binder binder, PluginRegistry registry) {
        this.binder = binder;
        this.registry = registry;
    }

    /** The usernames that are well formed, for references ({@code anonymous: guest}) read before consumers. */
    static Set<String> usernames(Section top) {
        Set<String> names = new LinkedHashSet<>();
        YamlNode node = top.node("consumers");
        if (node instanceof YamlNode.Sequence sequence) {
            for (YamlNode item : sequence.items()) {
                if (item instanceof YamlNode.Mapping mapping && mapping.entry("username") != null
                        && mapping.entry("username").value() instanceof YamlNode.Scalar scalar
                        && isWord(scalar.text(), "@+")) {
                    names.add(scalar.text());
                }
            }
        }
        return names;
    }

    List<ConsumerSpec> bindAll(Section top, PluginBinder plugins, Set<String> routeNames) {
        List<YamlNode> items = top.list("consumers", "consumers");
        List<ConsumerSpec> consumers = new ArrayList<>(items.size());
        Map<String, Integer> seen = new HashMap<>();
        Map<String, String> lookupKeys = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Section consumer = binder.section(items.get(i), "consumers[" + i + "]", KEYS);
            String username = username(consumer);
            List<String> groups = groups(consumer);
            Map<String, List<Credential>> credentials =
                    plugins.bindCredentials(consumer, username == null ? "consumer" + i : username);
            checkUnique(consumer, credentials, lookupKeys);
            List<PluginSpec> consumerPlugins = plugins.bindConsumerPlugins(consumer, routeNames);
            if (username != null) {
                Integer first = seen.putIfAbsent(username, i);
                if (first != null) {
                    binder.error(consumer.path("username"), consumer.node("username"), Render.quote(username)
                            + " (expected: a unique username; also used by consumers[" + first + "])");
                } else {
                    consumers.add(new ConsumerSpec(username, groups, credentials, consumerPlugins));
                }
            }
        }
        return consumers;
    }

    private String username(Section consumer) {
        YamlNode node = consumer.required("username", USERNAME_RULE);
        String username = node == null ? null : binder.text(node, consumer.path("username"), USERNAME_RULE);
        if (username != null && !isWord(username, "@+")) {
            binder.expected(consumer.path("username"), node, USERNAME_RULE);
            return null;
        }
        return username;
    }

    private List<String> groups(Section consumer) {
        List<YamlNode> items = consumer.list("groups", "group names");
        List<String> groups = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String path = consumer.path("groups") + "[" + i + "]";
            String group = binder.text(items.get(i), path, GROUP_RULE);
            if (group != null && !isWord(group, ":")) {
                binder.expected(path, items.get(i), GROUP_RULE);
            } else if (group != null && !groups.contains(group)) {
                groups.add(group);
            }
        }
        return groups;
    }

    /** Two consumers with the same API key (or issuer, or username) could not be told apart. */
    private void checkUnique(Section consumer, Map<String, List<Credential>> credentials, Map<String, String> lookupKeys) {
        for (Map.Entry<String, List<Credential>> entry : credentials.entrySet()) {
            PluginType<?> type = registry.find(entry.getKey());
            for (int i = 0; i < entry.getValue().size(); i++) {
                String key = lookupKey(type.credentialType(), entry.getValue().get(i));
                if (key == null) {
                    continue;
                }
                String path = consumer.path("credentials") + "." + entry.getKey() + "[" + i + "]";
                String first = lookupKeys.putIfAbsent(entry.getKey() + "\u0000" + key, path);
                if (first != null) {
                    // The value itself may be a secret: name the places, never the value.
                    binder.error(path, consumer.node("credentials"),
                            "duplicate credential (expected: unique among consumers; the same one is at " + first + ")");
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <K extends Credential> String lookupKey(CredentialType<K> type, Credential credential) {
        return type.type().isInstance(credential) ? type.lookupKey((K) credential) : null;
    }

    private static boolean isWord(String text, String extra) {
        if (text.isEmpty() || text.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-' || extra.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
