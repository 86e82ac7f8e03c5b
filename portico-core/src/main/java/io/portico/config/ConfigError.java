package io.portico.config;

/**
 * One violation in a configuration: where it is ({@code routes[2].paths[0]}, line and column in the
 * file; 0 when unknown) and what rule it broke ({@code "users" (expected: starts with /, = or ~)}).
 */
public record ConfigError(String path, String message, int line, int column) {

    /** {@code portico.yaml:12:9: routes[2].paths[0]: "users" (expected: ...)}. */
    public String format(String sourceName) {
        StringBuilder out = new StringBuilder();
        if (sourceName != null) {
            out.append(sourceName).append(':');
        }
        if (line > 0) {
            out.append(line).append(':').append(column).append(':');
        }
        if (out.length() > 0) {
            out.append(' ');
        }
        if (path != null && !path.isEmpty()) {
            out.append(path).append(": ");
        }
        return out.append(message).toString();
    }

    @Override
    public String toString() {
        return format(null);
    }
}
