package io.portico.config;

import java.util.List;

/** A configuration that cannot be used, with every error found (never just the first). */
public final class ConfigException extends Exception {

    private final String sourceName;
    private final List<ConfigError> errors;

    public ConfigException(String sourceName, List<ConfigError> errors) {
        super(describe(sourceName, errors));
        this.sourceName = sourceName;
        this.errors = List.copyOf(errors);
    }

    public String sourceName() {
        return sourceName;
    }

    public List<ConfigError> errors() {
        return errors;
    }

    private static String describe(String sourceName, List<ConfigError> errors) {
        StringBuilder out = new StringBuilder();
        out.append(errors.size()).append(errors.size() == 1 ? " error" : " errors").append(" in ")
                .append(sourceName == null ? "configuration" : sourceName);
        for (ConfigError error : errors) {
            out.append(System.lineSeparator()).append("  ").append(error.format(sourceName));
        }
        return out.toString();
    }
}
