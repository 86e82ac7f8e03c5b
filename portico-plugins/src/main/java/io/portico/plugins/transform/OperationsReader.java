package io.portico.plugins.transform;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.HttpTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads Kong's {@code remove} / {@code rename} / {@code replace} / {@code add} / {@code append}
 * sections for one kind of name ({@code headers}, {@code querystring}, {@code json}), reporting every bad
 * entry with its path.
 */
public final class OperationsReader {

    /** What a name must be. */
    public enum Names { HEADER, PARAMETER, JSON_PATH }

    /**
     * Headers that carry the message's framing or the identity the core vouches for: changing them
     * would break the message or let a client's value pass as the gateway's.
     */
    public static final Set<String> PROTECTED_HEADERS = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "proxy-connection", "upgrade", "te", "trailer", "x-consumer-username", "x-consumer-groups",
            "x-credential-identifier", "x-anonymous-consumer");
    private static final String ENTRY_RULE = "name:value";

    private final ConfigReader remove;
    private final ConfigReader rename;
    private final ConfigReader replace;
    private final ConfigReader add;
    private final ConfigReader append;

    /** Reads the five sections of {@code config} (each may be absent). */
    public OperationsReader(ConfigReader config) {
        this.remove = config.section("remove");
        this.rename = config.section("rename");
        this.replace = config.section("replace");
        this.add = config.section("add");
        this.append = config.section("append");
    }

    /**
     * One of the five sections, for keys a plugin reads itself ({@code replace.uri}, {@code add.json_types}):
     * the same reader, so that what it reads is not reported as unknown.
     */
    public ConfigReader section(String name) {
        return switch (name) {
            case "remove" -> remove;
            case "rename" -> rename;
            case "replace" -> replace;
            case "add" -> add;
            case "append" -> append;
            default -> throw new IllegalArgumentException("section: " + name);
        };
    }

    /**
     * The operations on {@code key}; values may hold templates when {@code templates} (otherwise they
     * are taken literally).
     */
    public Operations read(String key, Names names, boolean templates) {
        return new Operations(names(remove, key, names), entries(rename, key, names, true, false),
                entries(replace, key, names, false, templates), entries(add, key, names, false, templates),
                entries(append, key, names, false, templates));
    }

    private static List<String> names(ConfigReader section, String key, Names names) {
        List<String> out = new ArrayList<>();
        List<String> items = section.strings(key, List.of());
        for (int i = 0; i < items.size(); i++) {
            String name = checkedName(section, key, i, items.get(i).trim(), names);
            if (name != null) {
                out.add(name);
            }
        }
        return List.copyOf(out);
    }

    /** {@code name:value} entries; for rename the value is the new name, itself checked as a name. */
    private static List<NamedValue> entries(ConfigReader section, String key, Names names, boolean rename,
                                            boolean templates) {
        List<NamedValue> entries = new ArrayList<>();
        List<String> items = section.strings(key, List.of());
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i);
            int colon = item.indexOf(':');
            if (colon <= 0) {
                section.expectedItem(key, i, rename ? "old_name:new_name" : ENTRY_RULE);
                continue;
            }
            String name = checkedName(section, key, i, item.substring(0, colon).trim(), names);
            String value = item.substring(colon + 1);
            if (rename) {
                String newName = value.trim();
                boolean valid = names == Names.JSON_PATH ? isJsonName(newName) : checkedName(section, key, i, newName, names) != null;
                if (!valid) {
                    if (names == Names.JSON_PATH) {
                        section.expectedItem(key, i, "old.path:new_field_name");
                    }
                    continue;
                }
                if (name != null) {
                    entries.add(new NamedValue(name, Template.literal(newName)));
                }
                continue;
            }
            Template template;
            try {
                template = templates ? Template.parse(value, false) : Template.literal(value);
            } catch (IllegalArgumentException e) {
                section.expectedItem(key, i, ENTRY_RULE + " with $(uri_captures.NAME), $(headers.NAME) or "
                        + "$(query_params.NAME) references: " + e.getMessage());
                continue;
            }
            if (name != null) {
                entries.add(new NamedValue(name, template));
            }
        }
        return List.copyOf(entries);
    }

    private static String checkedName(ConfigReader section, String key, int index, String name, Names names) {
        switch (names) {
            case HEADER -> {
                if (name.isEmpty() || !HttpTokens.isToken(name)) {
                    section.expectedItem(key, index, "a header name");
                    return null;
                }
                if (PROTECTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    section.expectedItem(key, index, "not " + name + ": framing and consumer headers are the core's");
                    return null;
                }
            }
            case PARAMETER -> {
                if (name.isEmpty()) {
                    section.expectedItem(key, index, "a parameter name");
                    return null;
                }
            }
            case JSON_PATH -> {
                for (String segment : name.split("\\.", -1)) {
                    if (!isJsonName(segment)) {
                        section.expectedItem(key, index, "a field name or a dotted path such as user.address.city");
                        return null;
                    }
                }
            }
        }
        return name;
    }

    private static boolean isJsonName(String name) {
        return !name.isEmpty() && name.indexOf('.') < 0;
    }
}
