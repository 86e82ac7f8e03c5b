package io.portico.plugins.requesttransformer;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.HttpTokens;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginType;
import io.portico.plugins.transform.OperationsReader;
import io.portico.plugins.transform.Template;
import java.util.Locale;
import java.util.Set;

/**
 * {@code request-transformer}: Kong's keys ({@code http_method}; {@code remove}, {@code rename},
 * {@code replace}, {@code add}, {@code append}, each with {@code headers} and {@code querystring} lists;
 * {@code replace.uri}). Body transformations are not supported yet: a {@code body} key is an error.
 */
public final class RequestTransformerPluginType implements PluginType<RequestTransformerConfig> {

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
        OperationsReader operations = new OperationsReader(config);
        Template uri = uri(operations.section("replace"));
        return new RequestTransformerConfig(method == null ? null : method.toUpperCase(Locale.ROOT), uri,
                operations.read("headers", OperationsReader.Names.HEADER, true),
                operations.read("querystring", OperationsReader.Names.PARAMETER, true));
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

    @Override
    public Plugin create(RequestTransformerConfig config, PluginContext context) {
        return new RequestTransformerPlugin(config);
    }
}
