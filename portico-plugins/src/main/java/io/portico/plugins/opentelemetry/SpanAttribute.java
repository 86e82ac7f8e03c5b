package io.portico.plugins.opentelemetry;

import java.util.Objects;

/**
 * A span or resource attribute: a key and a value that is a String, a Long, a Boolean or a Double
 * (OTLP's {@code stringValue}, {@code intValue}, {@code boolValue}, {@code doubleValue}).
 */
record SpanAttribute(String key, Object value) {

    SpanAttribute {
        Objects.requireNonNull(key, "key");
        if (!(value instanceof String || value instanceof Long || value instanceof Boolean
                || value instanceof Double)) {
            throw new IllegalArgumentException("value of " + key + ": " + value
                    + " (expected: a String, Long, Boolean or Double)");
        }
    }

    static SpanAttribute of(String key, String value) {
        return new SpanAttribute(key, value);
    }

    static SpanAttribute of(String key, long value) {
        return new SpanAttribute(key, value);
    }

    static SpanAttribute of(String key, boolean value) {
        return new SpanAttribute(key, value);
    }
}
