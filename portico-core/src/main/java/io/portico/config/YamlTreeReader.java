package io.portico.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into a {@link YamlNode} tree with the streaming parser, so that every node keeps
 * its line and column. Syntax errors, duplicate keys and unknown aliases become {@link ConfigError}s.
 * Anchors and aliases are resolved; merge keys ({@code <<}) are not (they surface as unknown keys).
 */
final class YamlTreeReader {

    /** SnakeYAML's default (3 MB) is too small for configurations with many thousands of routes. */
    private static final int MAX_CODE_POINTS = 64 * 1024 * 1024;
    private static final int MAX_DEPTH = 64;

    private static final YAMLFactory FACTORY = createFactory();

    private final List<ConfigError> errors;
    private final Map<String, YamlNode> anchors = new HashMap<>();
    private YAMLParser parser;

    YamlTreeReader(List<ConfigError> errors) {
        this.errors = errors;
    }

    private static YAMLFactory createFactory() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CODE_POINTS);
        // The builder does not start from the parser's default features: ask for "key:" = null explicitly.
        return YAMLFactory.builder().loaderOptions(options)
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build();
    }

    /** The root node, or null when the text is empty or not valid YAML (the error is recorded). */
    YamlNode read(String yaml) {
        try (YAMLParser p = FACTORY.createParser(yaml)) {
            parser = p;
            JsonToken first = p.nextToken();
            if (first == null) {
                errors.add(new ConfigError("", "empty (expected: a YAML mapping that starts with version: 1)", 1, 1));
                return null;
            }
            YamlNode root = readValue(first, "", 0);
            if (p.nextToken() != null) {
                JsonLocation at = p.currentTokenLocation();
                errors.add(new ConfigError("", "a second YAML document (expected: exactly one document)",
                        at.getLineNr(), at.getColumnNr()));
            }
            return root;
        } catch (JsonProcessingException e) {
            errors.add(syntaxError(e));
            return null;
        } catch (IOException e) {
            // Reading from a String: only the parser's own checks can fail here.
            errors.add(new ConfigError("", String.valueOf(e.getMessage()), 0, 0));
            return null;
        }
    }

    private YamlNode readValue(JsonToken token, String path, int depth) throws IOException {
        JsonLocation at = parser.currentTokenLocation();
        int line = at.getLineNr();
        int column = at.getColumnNr();
        if (depth > MAX_DEPTH) {
            throw new DepthException(line, column);
        }
        Object anchor = parser.getObjectId();
        YamlNode node;
        switch (token) {
            case START_OBJECT -> node = readMapping(path, line, column, depth);
            case START_ARRAY -> node = readSequence(path, line, column, depth);
            case VALUE_STRING -> node = parser.isCurrentAlias()
                    ? alias(parser.getText(), path, line, column)
                    : new YamlNode.Scalar(parser.getText(), YamlNode.Type.STRING, null, line, column);
            case VALUE_NUMBER_INT -> node = new YamlNode.Scalar(
                    parser.getText(), YamlNode.Type.INTEGER, parser.getNumberValue(), line, column);
            case VALUE_NUMBER_FLOAT -> node = new YamlNode.Scalar(
                    parser.getText(), YamlNode.Type.FLOAT, parser.getNumberValue(), line, column);
            case VALUE_TRUE, VALUE_FALSE -> node = new YamlNode.Scalar(
                    parser.getText(), YamlNode.Type.BOOLEAN, null, line, column);
            case VALUE_NULL -> node = new YamlNode.Scalar(parser.getText(), YamlNode.Type.NULL, null, line, column);
            default -> {
                errors.add(new ConfigError(path, "a " + token.name().toLowerCase() + " value (expected: a mapping, "
                        + "list or plain value)", line, column));
                node = new YamlNode.Scalar("", YamlNode.Type.NULL, null, line, column);
            }
        }
        if (anchor != null) {
            anchors.put(anchor.toString(), node);
        }
        return node;
    }

    private YamlNode readMapping(String path, int line, int column, int depth) throws IOException {
        List<YamlNode.Entry> entries = new ArrayList<>();
        Map<String, YamlNode.Entry> seen = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonLocation at = parser.currentTokenLocation();
            YamlNode value = readValue(parser.nextToken(), child(path, key), depth + 1);
            YamlNode.Entry entry = new YamlNode.Entry(key, at.getLineNr(), at.getColumnNr(), value);
            YamlNode.Entry first = seen.putIfAbsent(key, entry);
            if (first == null) {
                entries.add(entry);
            } else {
                errors.add(new ConfigError(path, "duplicate key \"" + key + "\" (expected: each key once; first at line "
                        + first.line() + ")", entry.line(), entry.column()));
            }
        }
        return new YamlNode.Mapping(entries, line, column);
    }

    private YamlNode readSequence(String path, int line, int column, int depth) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
            items.add(readValue(token, path + "[" + items.size() + "]", depth + 1));
        }
        return new YamlNode.Sequence(items, line, column);
    }

    private YamlNode alias(String name, String path, int line, int column) {
        YamlNode target = anchors.get(name);
        if (target == null) {
            errors.add(new ConfigError(path, "*" + name + " (expected: an alias of an anchor defined before it)",
                    line, column));
            return new YamlNode.Scalar("", YamlNode.Type.NULL, null, line, column);
        }
        return target;
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static ConfigError syntaxError(JsonProcessingException e) {
        if (e instanceof DepthException depth) {
            return new ConfigError("", "nested too deeply (expected: at most " + MAX_DEPTH + " levels)",
                    depth.line, depth.column);
        }
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            StringBuilder message = new StringBuilder("invalid YAML: ")
                    .append(yaml.getProblem() == null ? "syntax error" : yaml.getProblem().strip());
            if (yaml.getContext() != null && yaml.getContextMark() != null) {
                message.append(" (").append(yaml.getContext().strip()).append(" at line ")
                        .append(yaml.getContextMark().getLine() + 1).append(", column ")
                        .append(yaml.getContextMark().getColumn() + 1).append(')');
            }
            return new ConfigError("", message.toString(),
                    yaml.getProblemMark().getLine() + 1, yaml.getProblemMark().getColumn() + 1);
        }
        JsonLocation at = e.getLocation();
        return new ConfigError("", "invalid YAML: " + e.getOriginalMessage(),
                at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr());
    }

    /** Thrown through the recursion to stop at once; reported as one error. */
    private static final class DepthException extends JsonProcessingException {
        private final int line;
        private final int column;

        DepthException(int line, int column) {
            super("nested too deeply");
            this.line = line;
            this.column = column;
        }
    }
}
