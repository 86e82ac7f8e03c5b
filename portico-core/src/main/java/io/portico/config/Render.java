package io.portico.config;

import io.portico.json.JsonText;

/** How values appear in messages: strings quoted and escaped, other scalars as written. */
final class Render {

    private Render() {}

    static String quote(String text) {
        return JsonText.quote(text);
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
