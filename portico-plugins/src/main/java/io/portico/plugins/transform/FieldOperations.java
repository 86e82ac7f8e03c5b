package io.portico.plugins.transform;

import io.portico.plugin.HttpExchange;
import java.util.List;

/** Applies {@link Operations} to headers or query parameters, in Kong's order. */
public final class FieldOperations {

    private FieldOperations() {}

    /** Renders, then applies at once: the values see the message before any of these changes. */
    public static void apply(Operations operations, Fields fields, HttpExchange exchange) {
        render(operations, exchange).applyTo(fields);
    }

    /**
     * Every value rendered against the exchange as it is now, to be applied later: a plugin that changes
     * several parts renders them all first, so that its templates all see the message as it arrived.
     */
    public static Rendered render(Operations operations, HttpExchange exchange) {
        if (operations.isEmpty()) {
            return NOTHING;
        }
        return new Rendered(operations, render(operations.rename(), exchange), render(operations.replace(), exchange),
                render(operations.add(), exchange), render(operations.append(), exchange));
    }

    private static final String[] NONE = new String[0];
    private static final Rendered NOTHING = new Rendered(Operations.NONE, NONE, NONE, NONE, NONE);

    /** Operations with their values rendered. */
    public record Rendered(Operations operations, String[] renames, String[] replace, String[] add, String[] append) {

        /** Removes, renames, replaces (if present), adds (if absent) and appends. */
        public void applyTo(Fields fields) {
            for (String name : operations.remove()) {
                fields.remove(name);
            }
            for (int i = 0; i < renames.length; i++) {
                String name = operations.rename().get(i).name();
                List<String> values = fields.getAll(name);
                if (!values.isEmpty()) {
                    fields.remove(name);
                    for (String value : values) {
                        fields.add(renames[i], value);
                    }
                }
            }
            for (int i = 0; i < replace.length; i++) {
                if (!fields.getAll(operations.replace().get(i).name()).isEmpty()) {
                    fields.set(operations.replace().get(i).name(), replace[i]);
                }
            }
            for (int i = 0; i < add.length; i++) {
                if (fields.getAll(operations.add().get(i).name()).isEmpty()) {
                    fields.set(operations.add().get(i).name(), add[i]);
                }
            }
            for (int i = 0; i < append.length; i++) {
                fields.add(operations.append().get(i).name(), append[i]);
            }
        }
    }

    private static String[] render(List<NamedValue> entries, HttpExchange exchange) {
        String[] values = new String[entries.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = entries.get(i).value().render(exchange);
        }
        return values;
    }
}
