package io.portico.plugins.transform;

import io.portico.plugin.Headers;
import io.portico.plugin.HttpExchange;
import java.util.List;

/** Applies {@link Operations} to a set of headers, in Kong's order. */
public final class HeaderOperations {

    private HeaderOperations() {}

    /**
     * Renders every value against {@code exchange} first (templates see the message before any change),
     * then removes, renames, replaces (if present), adds (if absent) and appends.
     */
    public static void apply(Operations operations, Headers headers, HttpExchange exchange) {
        String[] replace = render(operations.replace(), exchange);
        String[] add = render(operations.add(), exchange);
        String[] append = render(operations.append(), exchange);
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
        for (int i = 0; i < replace.length; i++) {
            if (headers.contains(operations.replace().get(i).name())) {
                headers.set(operations.replace().get(i).name(), replace[i]);
            }
        }
        for (int i = 0; i < add.length; i++) {
            if (!headers.contains(operations.add().get(i).name())) {
                headers.set(operations.add().get(i).name(), add[i]);
            }
        }
        for (int i = 0; i < append.length; i++) {
            headers.add(operations.append().get(i).name(), append[i]);
        }
    }

    /** The values of {@code entries}, rendered against the exchange as it is now. */
    public static String[] render(List<NamedValue> entries, HttpExchange exchange) {
        String[] values = new String[entries.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = entries.get(i).value().render(exchange);
        }
        return values;
    }
}
