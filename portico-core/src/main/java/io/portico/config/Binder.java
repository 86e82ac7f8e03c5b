package io.portico.config;

import io.portico.plugin.Quantities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * State of one binding pass: the errors found so far and the environment for {@code ${...}}.
 * Every read reports its own error and returns null, so that binding always continues and every
 * error of the file is found in one pass.
 */
final class Binder {

    /** The YAML 1.1 words the parser reads as true (it reads the others, such as off, as false). */
    private static final Set<String> TRUE_WORDS = Set.of("true", "yes", "y", "on");
    private static final int MAX_NAME_LENGTH = 128;

    private final List<ConfigError> errors;
    private final Function<String, String> env;

    Binder(List<ConfigError> errors, Function<String, String> env) {
        this.errors = errors;
        this.env = env;
    }

    List<ConfigError> errors() {
        return errors;
    }

    void error(String path, YamlNode at, String message) {
        errors.add(new ConfigError(path, message, at == null ? 0 : at.line(), at == null ? 0 : at.column()));
    }

    void error(String path, int line, int column, String message) {
        errors.add(new ConfigError(path, message, line, column));
    }

    void expected(String path, YamlNode at, String rule) {
        error(path, at, Render.node(at) + " (expected: " + rule + ")");
    }

    static final String NAME_RULE = "a name of a-z, 0-9, '.', '_' and '-', at most " + MAX_NAME_LENGTH + " characters";

    /**
     * The required {@code name} of an upstream, service or route, or null after reporting. Names are
     * upstream hosts in service URLs and labels in metrics, hence the narrow alphabet.
     */
    String name(Section section) {
        YamlNode node = section.required("name", NAME_RULE);
        String name = node == null ? null : text(node, section.path("name"), NAME_RULE);
        if (name == null) {
            return null;
        }
        boolean valid = !name.isEmpty() && name.length() <= MAX_NAME_LENGTH;
        for (int i = 0; valid && i < name.length(); i++) {
            char c = name.charAt(i);
            valid = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        }
        if (!valid) {
            expected(section.path("name"), node, NAME_RULE);
            return null;
        }
        return name;
    }

    /** Reports a name already taken by an earlier entry of the same list; true when unique. */
    boolean unique(Map<String, Integer> seen, String name, int index, Section section, String list) {
        Integer first = seen.putIfAbsent(name, index);
        if (first != null) {
            error(section.path("name"), section.node("name"), Render.quote(name)
                    + " (expected: a unique name; also used by " + list + "[" + first + "])");
            return false;
        }
        return true;
    }

    /** A mapping as a {@link Section}; any other node is reported and read as an empty mapping. */
    Section section(YamlNode node, String path, List<String> keys) {
        if (node instanceof YamlNode.Mapping mapping) {
            return new Section(this, mapping, path, keys, true);
        }
        expected(path, node, "a mapping");
        return new Section(this, new YamlNode.Mapping(List.of(), node.line(), node.column()), path, keys, false);
    }

    /** Any non-null scalar as text; strings have {@code ${...}} expanded. */
    String text(YamlNode node, String path, String rule) {
        if (!(node instanceof YamlNode.Scalar scalar) || scalar.isNull()) {
            expected(path, node, rule);
            return null;
        }
        if (scalar.type() != YamlNode.Type.STRING) {
            return scalar.text();
        }
        try {
            return EnvExpander.expand(scalar.text(), env);
        } catch (IllegalArgumentException e) {
            error(path, node, e.getMessage());
            return null;
        }
    }

    /** A YAML integer, or a string whose {@code ${...}} expansion is one (environment values are text). */
    Integer integer(YamlNode node, String path, int min, int max) {
        String range = max != Integer.MAX_VALUE ? min + ".." + max
                : min == Integer.MIN_VALUE ? null : min == 1 ? "> 0" : ">= " + min;
        Long value = null;
        String shown = Render.node(node);
        if (node instanceof YamlNode.Scalar scalar && scalar.type() == YamlNode.Type.INTEGER) {
            value = scalar.number() instanceof Integer || scalar.number() instanceof Long
                    ? Long.valueOf(scalar.number().longValue()) : null;
            if (value == null) {
                error(path, node, shown + " (expected: " + bounds(range) + ")");
                return null;
            }
        } else if (isExpansion(node)) {
            String text = text(node, path, integerRule(range));
            if (text == null) {
                return null;
            }
            shown = Render.quote(text);
            value = parseLong(text);
        }
        if (value == null) {
            error(path, node, shown + " (expected: " + integerRule(range) + ")");
            return null;
        }
        if (value < min || value > max) {
            error(path, node, shown + " (expected: " + bounds(range) + ")");
            return null;
        }
        return value.intValue();
    }

    private static String bounds(String range) {
        return range == null ? Integer.MIN_VALUE + ".." + Integer.MAX_VALUE : range;
    }

    private static String integerRule(String range) {
        return range == null ? "an integer" : "an integer " + (range.startsWith(">") ? range : "in " + range);
    }

    Boolean bool(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar scalar && scalar.type() == YamlNode.Type.BOOLEAN) {
            return TRUE_WORDS.contains(scalar.text().toLowerCase(Locale.ROOT));
        }
        if (isExpansion(node)) {
            String text = text(node, path, "true or false");
            if (text == null) {
                return null;
            }
            if (text.equals("true") || text.equals("false")) {
                return text.equals("true");
            }
            error(path, node, Render.quote(text) + " (expected: true or false)");
            return null;
        }
        expected(path, node, "true or false");
        return null;
    }

    /** A duration > 0. */
    Duration duration(YamlNode node, String path) {
        String text = stringScalar(node, path, Quantities.DURATION_RULE);
        if (text == null) {
            return null;
        }
        Duration duration = Quantities.parseDuration(text);
        if (duration == null) {
            error(path, node, Render.quote(text) + " (expected: " + Quantities.DURATION_RULE + ")");
            return null;
        }
        if (duration.isZero()) {
            error(path, node, Render.quote(text) + " (expected: > 0)");
            return null;
        }
        return duration;
    }

    /** A size > 0. */
    DataSize size(YamlNode node, String path) {
        String text = stringScalar(node, path, Quantities.SIZE_RULE);
        if (text == null) {
            return null;
        }
        long bytes = Quantities.parseBytes(text);
        if (bytes < 0) {
            error(path, node, Render.quote(text) + " (expected: " + Quantities.SIZE_RULE + ")");
            return null;
        }
        if (bytes == 0) {
            error(path, node, Render.quote(text) + " (expected: > 0)");
            return null;
        }
        return DataSize.ofBytes(bytes);
    }

    /** The items of a list; anything else is reported with "a list of {@code what}". */
    List<YamlNode> list(YamlNode node, String path, String what) {
        if (node instanceof YamlNode.Sequence sequence) {
            return sequence.items();
        }
        expected(path, node, "a list of " + what);
        return null;
    }

    /** Plain Java values for plugin configs: Map, List, String, Integer/Long/BigInteger, Double, Boolean. */
    Object plain(YamlNode node, String path) {
        if (node instanceof YamlNode.Mapping mapping) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (YamlNode.Entry entry : mapping.entries()) {
                Object value = plain(entry.value(), YamlTreeReader.child(path, entry.key()));
                // A null value means "not set", as if the key were absent.
                if (value != null) {
                    out.put(entry.key(), value);
                }
            }
            return Collections.unmodifiableMap(out);
        }
        if (node instanceof YamlNode.Sequence sequence) {
            List<Object> out = new ArrayList<>(sequence.items().size());
            for (int i = 0; i < sequence.items().size(); i++) {
                out.add(plain(sequence.items().get(i), path + "[" + i + "]"));
            }
            return Collections.unmodifiableList(out);
        }
        YamlNode.Scalar scalar = (YamlNode.Scalar) node;
        return switch (scalar.type()) {
            case NULL -> null;
            case STRING -> text(node, path, "text");
            case BOOLEAN -> bool(node, path);
            case INTEGER -> scalar.number();
            case FLOAT -> scalar.number().doubleValue();
        };
    }

    private String stringScalar(YamlNode node, String path, String rule) {
        if (node instanceof YamlNode.Scalar scalar && scalar.type() == YamlNode.Type.STRING) {
            return text(node, path, rule);
        }
        expected(path, node, rule);
        return null;
    }

    private static boolean isExpansion(YamlNode node) {
        return node instanceof YamlNode.Scalar scalar && scalar.type() == YamlNode.Type.STRING
                && EnvExpander.mentionsVariable(scalar.text());
    }

    private static Long parseLong(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
