package io.portico.plugins.requesttransformer;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.HttpTokens;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code request-transformer}: Kong's keys ({@code http_method}; {@code remove}, {@code rename},
 * {@code replace}, {@code add}, {@code append}, each with {@code headers} and {@code querystring} lists;
 * {@code replace.uri}). Body transformations are not supported yet: a {@code body} key is an error.
 */
public final class RequestTransformerPluginType implements PluginType<RequestTransformerConfig> {

    /**
     * Headers that carry the message's framing or the identity the core vouches for: changing them
     * would break the request or let a client's value pass as the gateway's.
     */
    static final Set<String> PROTECTED_HEADERS = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "proxy-connection", "upgrade", "te", "trailer", "x-consumer-username", "x-consumer-groups",
            "x-credential-identifier", "x-anonymous-consumer");
    private static final String ENTRY_RULE = "name:value";

    public RequestTransformerPluginType() {}

    @Override
    public String name() {
        return "request-transformer";
    }

    @Override
    public Set<Phase> phases() {
        return Set.of(Phase.UPSTREAM_REQUEST);
    }

    @Override
    public int priority() {
        return 801; // Kong's
    }

    @Override
    public RequestTransformerConfig readConfig(ConfigReader config) {
        String method = config.string("http_method", null);
        if (method != null && !HttpTokens.isToken(method)) {
            config.expected("http_method", "an HTTP method such as POST");
            method = null;
        }
        ConfigReader remove = config.section("remove");
        ConfigReader rename = config.section("rename");
        ConfigReader replace = config.section("replace");
        ConfigReader add = config.section("add");
        ConfigReader append = config.section("append");
        Template uri = uri(replace);
        Operations headers = new Operations(names(remove, "headers", true), entries(rename, "headers", true, true),
                entries(replace, "headers", true, false), entries(add, "headers", true, false),
                entries(append, "headers", true, false));
        Operations query = new Operations(names(remove, "querystring", false),
                entries(rename, "querystring", false, true), entries(replace, "querystring", false, false),
                entries(add, "querystring", false, false), entries(append, "querystring", false, false));
        return new RequestTransformerConfig(method == null ? null : method.toUpperCase(Locale.ROOT), uri, headers, query);
    }

    private static Template uri(ConfigReader replace) {
        String text = replace.string("uri", null);
        if (text == null) {
            return null;
        }
        if (!text.startsWith("/")) {
            replace.expected("uri", "an absolute path such as /v2/accounts/{id}");
            return null;
        }
        try {
            return Template.parse(text, true);
        } catch (IllegalArgumentException e) {
            replace.problem("uri", e.getMessage());
            return null;
        }
    }

    private static List<String> names(ConfigReader section, String key, boolean header) {
        List<String> names = new ArrayList<>();
        List<String> items = section.strings(key, List.of());
        for (int i = 0; i < items.size(); i++) {
            String name = checkedName(section, key, i, items.get(i), header);
            if (name != null) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    /** {@code name:value} entries; for rename the value is the new name, itself checked as a name. */
    private static List<NamedValue> entries(ConfigReader section, String key, boolean header, boolean rename) {
        List<NamedValue> entries = new ArrayList<>();
        List<String> items = section.strings(key, List.of());
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i);
            int colon = item.indexOf(':');
            if (colon <= 0) {
                section.expectedItem(key, i, rename ? "old_name:new_name" : ENTRY_RULE);
                continue;
            }
            String name = checkedName(section, key, i, item.substring(0, colon).trim(), header);
            String value = item.substring(colon + 1);
            if (rename && checkedName(section, key, i, value.trim(), header) == null) {
                continue;
            }
            Template template;
            try {
                template = Template.parse(rename ? value.trim() : value, false);
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

    private static String checkedName(ConfigReader section, String key, int index, String name, boolean header) {
        if (name.isEmpty() || header && !HttpTokens.isToken(name)) {
            section.expectedItem(key, index, header ? "a header name" : "a parameter name");
            return null;
        }
        if (header && PROTECTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            section.expectedItem(key, index, "not " + name + ": framing and consumer headers are the core's");
            return null;
        }
        return name;
    }

    @Override
    public Plugin create(RequestTransformerConfig config, PluginContext context) {
        return new RequestTransformerPlugin(config);
    }
}
