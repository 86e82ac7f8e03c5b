package io.portico.config;

import java.util.function.Function;

/**
 * Expands {@code ${NAME}} and {@code ${NAME:-default}} in a scalar. As in the shell, the default
 * applies when the variable is unset or empty; {@code $${} writes a literal {@code ${}.
 */
final class EnvExpander {

    private EnvExpander() {}

    static boolean mentionsVariable(String text) {
        return text.contains("${");
    }

    /**
     * The expanded text.
     *
     * @throws IllegalArgumentException with a message shaped {@code "text" (expected: rule)}
     */
    static String expand(String text, Function<String, String> env) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (c == '$' && text.startsWith("${", i)) {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    throw new IllegalArgumentException(Render.quote(text) + " (expected: a closing } after ${)");
                }
                out.append(resolve(text, text.substring(i + 2, close), env));
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static String resolve(String text, String reference, Function<String, String> env) {
        int nameEnd = 0;
        while (nameEnd < reference.length() && isNameChar(reference.charAt(nameEnd), nameEnd == 0)) {
            nameEnd++;
        }
        String name = reference.substring(0, nameEnd);
        String defaultValue = null;
        if (nameEnd < reference.length()) {
            if (!reference.startsWith(":-", nameEnd)) {
                nameEnd = 0;
            } else {
                defaultValue = reference.substring(nameEnd + 2);
            }
        }
        if (nameEnd == 0) {
            throw new IllegalArgumentException(Render.quote(text)
                    + " (expected: ${NAME} or ${NAME:-default} where NAME is letters, digits and _)");
        }
        String value = env.apply(name);
        if (defaultValue != null && (value == null || value.isEmpty())) {
            return defaultValue;
        }
        if (value == null) {
            throw new IllegalArgumentException(Render.quote(text) + " (expected: environment variable " + name
                    + " to be set, or a default such as ${" + name + ":-value})");
        }
        return value;
    }

    private static boolean isNameChar(char c, boolean first) {
        return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (!first && c >= '0' && c <= '9');
    }
}
