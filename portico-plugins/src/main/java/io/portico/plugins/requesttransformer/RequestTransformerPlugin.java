package io.portico.plugins.requesttransformer;

import io.portico.plugin.Action;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.Plugin;
import io.portico.plugins.transform.FieldOperations;
import io.portico.plugins.transform.Fields;

/**
 * Applies the configured changes in the upstream_request phase. Templates are rendered against the
 * request as it arrived in this phase, before any change of this plugin, as Kong does: a header
 * renamed, then referenced, still has its old value.
 */
final class RequestTransformerPlugin implements Plugin {

    private final RequestTransformerConfig config;
    private final BodyTransform body;

    RequestTransformerPlugin(RequestTransformerConfig config) {
        this.config = config;
        this.body = new BodyTransform(config.body());
    }

    @Override
    public int maxRequestBodyBytes() {
        return config.maxBodyBytes();
    }

    @Override
    public byte[] requestBody(HttpExchange exchange, byte[] requestBody) {
        return body.apply(exchange.requestHeaders().get("content-type"), exchange.requestHeaders().get("content-encoding"),
                requestBody);
    }

    @Override
    public Action upstreamRequest(HttpExchange exchange) {
        // Rendered before anything changes: templates see the request as it arrived in this phase.
        String uri = config.uri() == null ? null : config.uri().render(exchange);
        FieldOperations.Rendered headers = FieldOperations.render(config.headers(), exchange);
        FieldOperations.Rendered query = FieldOperations.render(config.querystring(), exchange);
        headers.applyTo(Fields.of(exchange.requestHeaders()));
        query.applyTo(Fields.query(exchange));
        if (uri != null) {
            exchange.setUpstreamPath(uri);
        }
        if (config.httpMethod() != null) {
            exchange.setUpstreamMethod(config.httpMethod());
        }
        return Action.proceed();
    }
}
