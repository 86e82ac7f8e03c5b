package io.portico.config;

import java.util.List;

/**
 * A YAML node as written, with the 1-based line and column where it starts. Built by
 * {@link YamlTreeReader}; scalars keep their text so that messages can quote the value as written.
 */
sealed interface YamlNode {

    int line();

    int column();

    enum Type { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

    /** A scalar; {@code number} is set for {@link Type#INTEGER} and {@link Type#FLOAT}. */
    record Scalar(String text, Type type, Number number, int line, int column) implements YamlNode {

        boolean isNull() {
            return type == Type.NULL;
        }
    }

    /** A mapping; keys are unique (the reader reports duplicates and keeps the first). */
    record Mapping(List<Entry> entries, int line, int column) implements YamlNode {

        public Mapping {
            entries = List.copyOf(entries);
        }

        Entry entry(String key) {
            for (Entry entry : entries) {
                if (entry.key().equals(key)) {
                    return entry;
                }
            }
            return null;
        }
    }

    /** One key of a mapping, located at the key. */
    record Entry(String key, int line, int column, YamlNode value) {}

    record Sequence(List<YamlNode> items, int line, int column) implements YamlNode {

        public Sequence {
            items = List.copyOf(items);
        }
    }
}
