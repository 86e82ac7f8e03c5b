package io.portico.plugins.transform;

import io.portico.plugin.Headers;
import io.portico.plugin.HttpExchange;
import java.util.List;

/** Named, possibly repeated values that the operations change: headers, or the query string. */
public interface Fields {

    List<String> getAll(String name);

    void remove(String name);

    /** Replaces every value of {@code name} with this one. */
    void set(String name, String value);

    /** One more value of {@code name}, after the others. */
    void add(String name, String value);

    static Fields of(Headers headers) {
        return new Fields() {
            @Override
            public List<String> getAll(String name) {
                return headers.getAll(name);
            }

            @Override
            public void remove(String name) {
                headers.remove(name);
            }

            @Override
            public void set(String name, String value) {
                headers.set(name, value);
            }

            @Override
            public void add(String name, String value) {
                headers.add(name, value);
            }
        };
    }

    /** The query parameters sent upstream; values are percent-encoded by the exchange. */
    static Fields query(HttpExchange exchange) {
        return new Fields() {
            @Override
            public List<String> getAll(String name) {
                return exchange.queryParameters(name);
            }

            @Override
            public void remove(String name) {
                exchange.removeQueryParameter(name);
            }

            @Override
            public void set(String name, String value) {
                exchange.setQueryParameter(name, value);
            }

            @Override
            public void add(String name, String value) {
                exchange.addQueryParameter(name, value);
            }
        };
    }
}
