package io.portico.plugin;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one mapping of a plugin's config (or of a credential) and reports what is wrong with it, as
 * {@code routes[0].plugins[1].config.key_names[2]: "" (expected: a header name)}. Every read reports
 * its own problem and returns the default, so a plugin reads all its keys and every problem is
 * found in one pass. Keys never read are reported as unknown when the core finishes the reader.
 *
 * <p>Values are plain YAML values: String, Integer, Long, BigInteger, Double, Boolean, List, Map.
 */
public final class ConfigReader {

    /** Receives problems: the full path of the value and the message. */
    @FunctionalInterface
    public interface Problems {
        void report(String path, String message);
    }

    private final Map<String, ?> values;
    private final String path;
    private final Problems problems;
    private final Set<String> consumers;
    private final Set<String> readKeys = new LinkedHashSet<>();
    private final List<ConfigReader> children = new ArrayList<>();
    private boolean reported;

    private ConfigReader(Map<String, ?> values, String path, Problems problems, Set<String> consumers) {
        this.values = values;
        this.path = path;
        this.problems = problems;
        this.consumers = consumers;
    }

    /**
     * @param path      where the mapping is, e.g. {@code routes[0].plugins[1].config}
     * @param consumers the usernames {@link #consumer} accepts
     */
    public static ConfigReader of(Map<String, ?> values, String path, Problems problems, Set<String> consumers) {
        return new ConfigReader(Collections.unmodifiableMap(new LinkedHashMap<>(values)), path, problems, Set.copyOf(consumers));
    }

    public String path() {
        return path;
    }

    public String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The keys as written, for plugins whose config is a free-form mapping; they count as read. */
    public Set<String> keys() {
        readKeys.addAll(values.keySet());
        return values.keySet();
    }

    /** True when the key is present (and not null). */
    public boolean has(String key) {
        readKeys.add(key);
        return values.get(key) != null;
    }

    /** A raw value, for plugins with their own structure; null when absent. */
    public Object value(String key) {
        readKeys.add(key);
        return values.get(key);
    }

    public String string(String key, String defaultValue) {
        Object value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof String text) {
            return text;
        }
        expected(key, "text");
        return defaultValue;
    }

    /** A required, non-empty string; reports {@code missing (expected: rule)} when absent. */
    public String requiredString(String key, String rule) {
        Object value = value(key);
        if (value == null) {
            report(path(key), "missing (expected: " + rule + ")");
            return null;
        }
        if (!(value instanceof String text) || text.isEmpty()) {
            expected(key, rule);
            return null;
        }
        return text;
    }

    public boolean bool(String key, boolean defaultValue) {
        Object value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean bool) {
            return bool;
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.parseBoolean((String) value); // from a ${VARIABLE}
        }
        expected(key, "true or false");
        return defaultValue;
    }

    /** A whole number in {@code [min, max]}. */
    public long number(String key, long defaultValue, long min, long max) {
        Object value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof String text && isWholeNumber(text)) {
            value = new BigInteger(text); // from a ${VARIABLE}
            if (value instanceof BigInteger big && big.bitLength() < 64) {
                value = big.longValue();
            }
        }
        if (value instanceof Integer || value instanceof Long) {
            long number = ((Number) value).longValue();
            if (number >= min && number <= max) {
                return number;
            }
        } else if (!(value instanceof BigInteger)) {
            expected(key, "a whole number");
            return defaultValue;
        }
        expected(key, range(min, max));
        return defaultValue;
    }

    public int integer(String key, int defaultValue, int min, int max) {
        return (int) number(key, defaultValue, min, max);
    }

    /** A duration > 0 such as {@code 250ms}, {@code 5s}, {@code 2m}. */
    public Duration duration(String key, Duration defaultValue) {
        Object value = value(key);
        if (value == null) {
            return defaultValue;
        }
        Duration duration = value instanceof String text ? Quantities.parseDuration(text) : null;
        if (duration == null) {
            expected(key, Quantities.DURATION_RULE);
            return defaultValue;
        }
        if (duration.isZero()) {
            expected(key, "> 0");
            return defaultValue;
        }
        return duration;
    }

    /** A size > 0 in bytes, written {@code 16KB}, {@code 10MB}, or as a number of bytes. */
    public long bytes(String key, long defaultValue) {
        Object value = value(key);
        if (value == null) {
            return defaultValue;
        }
        long bytes = -1;
        if (value instanceof String text) {
            bytes = Quantities.parseBytes(text);
        } else if (value instanceof Integer || value instanceof Long) {
            bytes = ((Number) value).longValue();
        }
        if (bytes <= 0) {
            expected(key, bytes == 0 ? "> 0" : Quantities.SIZE_RULE);
            return defaultValue;
        }
        return bytes;
    }

    /** One of the allowed words. */
    public String oneOf(String key, String defaultValue, List<String> allowed) {
        Object value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof String text && allowed.contains(text)) {
            return text;
        }
        expected(key, "one of " + String.join(", ", allowed));
        return defaultValue;
    }

    /** A list of strings; a single string reads as a list of one. */
    public List<String> strings(String key, List<String> defaultValue) {
        Object value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof String text) {
            return List.of(text);
        }
        if (!(value instanceof List<?> items)) {
            expected(key, "a list of text");
            return defaultValue;
        }
        List<String> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof String text) {
                out.add(text);
            } else {
                report(path(key) + "[" + i + "]", render(items.get(i)) + " (expected: text)");
            }
        }
        return List.copyOf(out);
    }

    /** The nested mapping; an absent one reads as empty. */
    public ConfigReader section(String key) {
        Object value = value(key);
        if (value != null && !(value instanceof Map)) {
            expected(key, "a mapping");
            value = null;
        }
        return child(value == null ? Map.of() : mapping(value), path(key));
    }

    /** A list of mappings. */
    public List<ConfigReader> sections(String key) {
        Object value = value(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> items)) {
            expected(key, "a list of mappings");
            return List.of();
        }
        List<ConfigReader> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String itemPath = path(key) + "[" + i + "]";
            if (items.get(i) instanceof Map<?, ?> map) {
                out.add(child(mapping(map), itemPath));
            } else {
                report(itemPath, render(items.get(i)) + " (expected: a mapping)");
            }
        }
        return out;
    }

    /** The username of a declared consumer. */
    public String consumer(String key) {
        Object value = value(key);
        if (value == null) {
            return null;
        }
        if (value instanceof String name && consumers.contains(name)) {
            return name;
        }
        expected(key, "the username of a consumer");
        return null;
    }

    /** Reports {@code <value> (expected: rule)} at the key. */
    public void expected(String key, String rule) {
        report(path(key), render(values.get(key)) + " (expected: " + rule + ")");
    }

    /**
     * Reports {@code <item> (expected: rule)} for item {@code index} of what {@link #strings} read
     * under the key, at the path where that item is written: {@code key[i]}, where i also counts the
     * items that are not text (strings() reports and leaves them out), or the key itself when a single
     * text was written instead of a list.
     */
    public void expectedItem(String key, int index, String rule) {
        if (!(values.get(key) instanceof List<?> items)) {
            expected(key, rule);
            return;
        }
        int text = -1;
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof String && ++text == index) {
                report(path(key) + "[" + i + "]", render(items.get(i)) + " (expected: " + rule + ")");
                return;
            }
        }
        throw new IndexOutOfBoundsException("index: " + index + " (expected: < " + (text + 1) + ", the text items of "
                + path(key) + ")");
    }

    /** Reports a free-form problem at the key. */
    public void problem(String key, String message) {
        report(path(key), message);
    }

    /** True when this reader or one of its nested readers reported something. */
    public boolean hasProblems() {
        if (reported) {
            return true;
        }
        for (ConfigReader child : children) {
            if (child.hasProblems()) {
                return true;
            }
        }
        return false;
    }

    /** Reports the keys of this mapping (and nested ones) that were never read. Called by the core. */
    public void finish() {
        for (String key : values.keySet()) {
            if (!readKeys.contains(key)) {
                report(path(key), "unknown key " + quote(key) + (readKeys.isEmpty() ? " (expected: no keys)"
                        : " (expected one of: " + String.join(", ", readKeys) + ")"));
            }
        }
        for (ConfigReader child : children) {
            child.finish();
        }
    }

    private ConfigReader child(Map<String, ?> mapping, String childPath) {
        ConfigReader child = new ConfigReader(mapping, childPath, problems, consumers);
        children.add(child);
        return child;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> mapping(Object value) {
        return (Map<String, ?>) value;
    }

    private void report(String at, String message) {
        reported = true;
        problems.report(at, message);
    }

    private static boolean isWholeNumber(String text) {
        int start = text.startsWith("-") ? 1 : 0;
        if (text.length() == start || text.length() > 40) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String range(long min, long max) {
        if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE) {
            return ">= " + min;
        }
        return "between " + min + " and " + max;
    }

    /** How a value appears in messages: text quoted, numbers and booleans as written. */
    static String render(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String text) {
            return quote(text);
        }
        if (value instanceof Map) {
            return "a mapping";
        }
        if (value instanceof List) {
            return "a list";
        }
        return String.valueOf(value);
    }

    /** Escaped, so that a value cannot break a message apart with quotes or control characters. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
