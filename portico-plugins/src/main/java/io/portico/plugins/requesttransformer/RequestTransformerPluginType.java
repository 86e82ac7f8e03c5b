package io.portico.plugins.requesttransformer;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.HttpTokens;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginType;
import io.portico.plugins.transform.JsonOperations;
import io.portico.plugins.transform.Operations;
import io.portico.plugins.transform.OperationsReader;
import io.portico.plugins.transform.Template;
import java.util.Locale;
import java.util.Set;

/**
 * {@code request-transformer}: Kong's keys ({@code http_method}; {@code remove}, {@code rename},
 * {@code replace}, {@code add}, {@code append}, each with {@code headers} and {@code querystring} lists;
 * {@code replace.uri}; {@code body} lists with {@code json_types}), plus {@code max_body_size}.
 */
public final class RequestTransformerPluginType implements PluginType<RequestTransformerConfig> {

    static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    public RequestTransformerPluginType() {}

    @Override
    public String name() {
        return "request-transformer";
    }

    @Override
    public Set<Phase> phases() {
        return Set.of(Phase.UPSTREAM_REQUEST, Phase.REQUEST_BODY);
    }

    /** Only a configuration with body operations makes the core gather request bodies. */
    @Override
    public Set<Phase> phases(RequestTransformerConfig config) {
        return config.body().isEmpty() ? Set.of(Phase.UPSTREAM_REQUEST) : phases();
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
        Operations headers = operations.read("headers", OperationsReader.Names.HEADER, true);
        Operations query = operations.read("querystring", OperationsReader.Names.PARAMETER, true);
        JsonOperations body = JsonOperations.read(operations, "body");
        long maxBody = config.bytes("max_body_size", DEFAULT_MAX_BODY_BYTES);
        if (maxBody <= 0 || maxBody > 64L * 1024 * 1024) {
            config.expected("max_body_size", "a size from 1 byte to 64MB");
            maxBody = DEFAULT_MAX_BODY_BYTES;
        }
        return new RequestTransformerConfig(method == null ? null : method.toUpperCase(Locale.ROOT), uri, headers, query,
                body, (int) maxBody);
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
