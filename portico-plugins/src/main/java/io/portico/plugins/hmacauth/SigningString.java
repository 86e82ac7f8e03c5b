package io.portico.plugins.hmacauth;

import io.portico.plugin.HttpExchange;
import java.util.List;

/**
 * What a client signs: one line per signed header, {@code name: value} (several values joined with
 * {@code ", "}), and for {@code request-line} the line {@code METHOD path?query HTTP/1.1}, joined
 * with {@code \n}. The path is the normalized one routes match, so clients must sign that form.
 */
final class SigningString {

    private SigningString() {}

    /** The signing string, or null when a signed header is not in the request. */
    static String of(HttpExchange exchange, List<String> signedHeaders) {
        StringBuilder out = new StringBuilder(128);
        for (int i = 0; i < signedHeaders.size(); i++) {
            String name = signedHeaders.get(i);
            if (i > 0) {
                out.append('\n');
            }
            if (name.equals(HmacAuthorization.REQUEST_LINE)) {
                appendRequestLine(exchange, out);
                continue;
            }
            List<String> values = exchange.requestHeaders().getAll(name);
            if (values.isEmpty()) {
                return null;
            }
            out.append(name).append(": ");
            for (int v = 0; v < values.size(); v++) {
                if (v > 0) {
                    out.append(", ");
                }
                out.append(values.get(v));
            }
        }
        return out.toString();
    }

    /**
     * Always {@code HTTP/1.1}: the plugin API does not tell the protocol, and a fixed word lets the
     * same signature work over HTTP/1.1 and HTTP/2.
     */
    private static void appendRequestLine(HttpExchange exchange, StringBuilder out) {
        out.append(exchange.method()).append(' ').append(exchange.path());
        String query = exchange.query();
        if (query != null) {
            out.append('?').append(query);
        }
        out.append(" HTTP/1.1");
    }
}
