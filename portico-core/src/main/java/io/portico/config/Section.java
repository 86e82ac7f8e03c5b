package io.portico.config;

import java.time.Duration;
import java.util.List;

/**
 * One YAML mapping being bound: its path, its allowed keys (others are reported at construction),
 * and typed reads that fall back to a default when the key is absent or null.
 */
final class Section {

    private final Binder binder;
    private final YamlNode.Mapping mapping;
    private final String path;
    private final List<String> keys;
    private final boolean valid;

    Section(Binder binder, YamlNode.Mapping mapping, String path, List<String> keys, boolean valid) {
        this.binder = binder;
        this.mapping = mapping;
        this.path = path;
        this.keys = keys;
        this.valid = valid;
        for (YamlNode.Entry entry : mapping.entries()) {
            if (!keys.contains(entry.key())) {
                binder.error(path, entry.line(), entry.column(), "unknown key " + Render.quote(entry.key())
                        + " (expected one of: " + String.join(", ", keys) + ")");
            }
        }
    }

    Binder binder() {
        return binder;
    }

    String path() {
        return path;
    }

    YamlNode.Mapping node() {
        return mapping;
    }

    String path(String key) {
        return YamlTreeReader.child(path, key);
    }

    /** The value of the key, or null when it is absent or written as null. */
    YamlNode node(String key) {
        if (!keys.contains(key)) {
            throw new IllegalArgumentException("key: " + key + " (expected one of: " + keys + ")");
        }
        YamlNode.Entry entry = mapping.entry(key);
        if (entry == null || (entry.value() instanceof YamlNode.Scalar scalar && scalar.isNull())) {
            return null;
        }
        return entry.value();
    }

    boolean has(String key) {
        return node(key) != null;
    }

    /** The value of a required key; when absent, reports {@code missing (expected: rule)} at the key or mapping. */
    YamlNode required(String key, String rule) {
        YamlNode node = node(key);
        if (node == null && valid) {
            YamlNode.Entry entry = mapping.entry(key);
            binder.error(path(key), entry == null ? mapping.line() : entry.line(),
                    entry == null ? mapping.column() : entry.column(), "missing (expected: " + rule + ")");
        }
        return node;
    }

    String string(String key, String defaultValue, String rule) {
        YamlNode node = node(key);
        if (node == null) {
            return defaultValue;
        }
        String text = binder.text(node, path(key), rule);
        return text == null ? defaultValue : text;
    }

    int integer(String key, int defaultValue, int min, int max) {
        YamlNode node = node(key);
        Integer value = node == null ? null : binder.integer(node, path(key), min, max);
        return value == null ? defaultValue : value;
    }

    boolean bool(String key, boolean defaultValue) {
        YamlNode node = node(key);
        Boolean value = node == null ? null : binder.bool(node, path(key));
        return value == null ? defaultValue : value;
    }

    /** A duration > 0. */
    Duration duration(String key, Duration defaultValue) {
        YamlNode node = node(key);
        Duration value = node == null ? null : binder.duration(node, path(key));
        return value == null ? defaultValue : value;
    }

    /** A size > 0. */
    DataSize size(String key, DataSize defaultValue) {
        YamlNode node = node(key);
        DataSize value = node == null ? null : binder.size(node, path(key));
        return value == null ? defaultValue : value;
    }

    /** The items, or an empty list when absent (or reported as not a list). */
    List<YamlNode> list(String key, String what) {
        YamlNode node = node(key);
        List<YamlNode> items = node == null ? null : binder.list(node, path(key), what);
        return items == null ? List.of() : items;
    }

    /** The nested mapping; an absent one reads as an empty mapping located at this one. */
    Section section(String key, List<String> nestedKeys) {
        YamlNode node = node(key);
        if (node == null) {
            YamlNode.Mapping empty = new YamlNode.Mapping(List.of(), mapping.line(), mapping.column());
            return new Section(binder, empty, path(key), nestedKeys, valid);
        }
        return binder.section(node, path(key), nestedKeys);
    }
}
