package io.portico.plugins.requesttransformer;

import io.portico.plugin.Action;
import io.portico.plugin.Headers;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.Plugin;
import java.util.List;

/**
 * Applies the configured changes in the upstream_request phase. Templates are rendered against the
 * request as it arrived in this phase, before any change of this plugin, as Kong does: a header
 * renamed, then referenced, still has its old value.
 */
final class RequestTransformerPlugin implements Plugin {

    private final RequestTransformerConfig config;

    RequestTransformerPlugin(RequestTransformerConfig config) {
        this.config = config;
    }

    @Override
    public Action upstreamRequest(HttpExchange exchange) {
        String uri = config.uri() == null ? null : config.uri().render(exchange);
        if (!config.headers().isEmpty()) {
            transformHeaders(exchange, rendered(exchange, config.headers()));
        }
        if (!config.querystring().isEmpty()) {
            transformQuery(exchange, rendered(exchange, config.querystring()));
        }
        if (uri != null) {
            exchange.setUpstreamPath(uri);
        }
        if (config.httpMethod() != null) {
            exchange.setUpstreamMethod(config.httpMethod());
        }
        return Action.proceed();
    }

    /** The values of replace, add and append, rendered before anything changes. */
    private record Rendered(String[] replace, String[] add, String[] append) {}

    private static Rendered rendered(HttpExchange exchange, Operations operations) {
        return new Rendered(render(exchange, operations.replace()), render(exchange, operations.add()),
                render(exchange, operations.append()));
    }

    private static String[] render(HttpExchange exchange, List<NamedValue> entries) {
        String[] values = new String[entries.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = entries.get(i).value().render(exchange);
        }
        return values;
    }

    private void transformHeaders(HttpExchange exchange, Rendered rendered) {
        Operations operations = config.headers();
        Headers headers = exchange.requestHeaders();
        for (String name : operations.remove()) {
            headers.remove(name);
        }
        for (NamedValue rename : operations.rename()) {
            List<String> values = headers.getAll(rename.name());
            if (!values.isEmpty()) {
                headers.remove(rename.name());
                String newName = rename.value().render(exchange);
                for (String value : values) {
                    headers.add(newName, value);
                }
            }
        }
        for (int i = 0; i < rendered.replace().length; i++) {
            String name = operations.replace().get(i).name();
            if (headers.contains(name)) {
                headers.set(name, rendered.replace()[i]);
            }
        }
        for (int i = 0; i < rendered.add().length; i++) {
            String name = operations.add().get(i).name();
            if (!headers.contains(name)) {
                headers.set(name, rendered.add()[i]);
            }
        }
        for (int i = 0; i < rendered.append().length; i++) {
            headers.add(operations.append().get(i).name(), rendered.append()[i]);
        }
    }

    private void transformQuery(HttpExchange exchange, Rendered rendered) {
        Operations operations = config.querystring();
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
        for (int i = 0; i < rendered.replace().length; i++) {
            String name = operations.replace().get(i).name();
            if (!exchange.queryParameters(name).isEmpty()) {
                exchange.setQueryParameter(name, rendered.replace()[i]);
            }
        }
        for (int i = 0; i < rendered.add().length; i++) {
            String name = operations.add().get(i).name();
            if (exchange.queryParameters(name).isEmpty()) {
                exchange.setQueryParameter(name, rendered.add()[i]);
            }
        }
        for (int i = 0; i < rendered.append().length; i++) {
            exchange.addQueryParameter(operations.append().get(i).name(), rendered.append()[i]);
        }
    }
}
