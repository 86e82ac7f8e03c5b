package io.portico.plugin;

/**
 * Names a per-request attribute that plugins share through {@link HttpExchange#attribute}. Compared
 * by identity: keep keys in static final fields.
 */
public final class AttributeKey<T> {

    private final String name;

    private AttributeKey(String name) {
        this.name = name;
    }

    public static <T> AttributeKey<T> named(String name) {
        return new AttributeKey<>(name);
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
