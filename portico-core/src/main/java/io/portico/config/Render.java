package io.portico.config;

/** How values appear in messages: strings quoted and escaped, other scalars as written. */
final class Render {

    private Render() {}

    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
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

    /** The node as a user would recognise it: {@code "abc"}, {@code 0}, {@code true}, {@code a list}. */
    static String node(YamlNode node) {
        if (node instanceof YamlNode.Scalar scalar) {
            return switch (scalar.type()) {
                case STRING -> quote(scalar.text());
                case NULL -> "null";
                default -> scalar.text();
            };
        }
        return node instanceof YamlNode.Mapping ? "a mapping" : "a list";
    }
}
