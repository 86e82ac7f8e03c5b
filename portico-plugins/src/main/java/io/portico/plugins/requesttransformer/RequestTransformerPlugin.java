package io.portico.plugins.requesttransformer;

import io.portico.plugin.Action;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.Plugin;
import io.portico.plugins.transform.HeaderOperations;
import io.portico.plugins.transform.NamedValue;
import io.portico.plugins.transform.Operations;
import java.util.List;

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
        String uri = config.uri() == null ? null : config.uri().render(exchange);
        Operations query = config.querystring();
        String[] replace = HeaderOperations.render(query.replace(), exchange);
        String[] add = HeaderOperations.render(query.add(), exchange);
        String[] append = HeaderOperations.render(query.append(), exchange);
        if (!config.headers().isEmpty()) {
            HeaderOperations.apply(config.headers(), exchange.requestHeaders(), exchange);
        }
        if (!query.isEmpty()) {
            transformQuery(exchange, query, replace, add, append);
        }
        if (uri != null) {
            exchange.setUpstreamPath(uri);
        }
        if (config.httpMethod() != null) {
            exchange.setUpstreamMethod(config.httpMethod());
        }
        return Action.proceed();
    }

    private static void transformQuery(HttpExchange exchange, Operations operations, String[] replace, String[] add,
                                       String[] append) {
        for (String name : operations.remove()) {
            exchange.removeQueryParameter(name);
        }
        for (NamedValue rename : operations.rename()) {
            List<String> values = exchange.queryParameters(rename.name());
            if (!values.isEmpty()) {
                exchange.removeQueryParameter(rename.name());
                String newName = rename.value().render(exchange);
                for (String value : values) {
                    exchange.addQueryParameter(newName, value);
                }
            }
        }
        for (int i = 0; i < replace.length; i++) {
            if (!exchange.queryParameters(operations.replace().get(i).name()).isEmpty()) {
                exchange.setQueryParameter(operations.replace().get(i).name(), replace[i]);
            }
        }
        for (int i = 0; i < add.length; i++) {
            if (exchange.queryParameters(operations.add().get(i).name()).isEmpty()) {
                exchange.setQueryParameter(operations.add().get(i).name(), add[i]);
            }
        }
        for (int i = 0; i < append.length; i++) {
            exchange.addQueryParameter(operations.append().get(i).name(), append[i]);
        }
    }
}
