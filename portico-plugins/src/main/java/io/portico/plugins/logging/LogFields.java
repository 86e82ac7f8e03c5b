package io.portico.plugins.logging;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.HttpTokens;
import java.util.List;

/**
 * What goes into a log entry beyond the fixed fields, read from the keys both log plugins share:
 * {@code include_headers}, {@code mask_headers}, {@code mask_query}.
 *
 * @param includeHeaders false leaves request and response headers out of the entry entirely
 * @param masking        the built-in credential names plus the configured ones
 */
public record LogFields(boolean includeHeaders, Masking masking) {

    public static final LogFields DEFAULT = new LogFields(true, Masking.builtIn());

    /** Reads the shared keys of a log plugin's config. */
    public static LogFields read(ConfigReader config) {
        boolean includeHeaders = config.bool("include_headers", true);
        List<String> headers = config.strings("mask_headers", List.of());
        for (int i = 0; i < headers.size(); i++) {
            if (!HttpTokens.isToken(headers.get(i))) {
                config.expectedItem("mask_headers", i, "a header name");
            }
        }
        List<String> query = config.strings("mask_query", List.of());
        for (int i = 0; i < query.size(); i++) {
            if (query.get(i).isEmpty() || query.get(i).indexOf('&') >= 0 || query.get(i).indexOf('=') >= 0) {
                config.expectedItem("mask_query", i, "a query parameter name");
            }
        }
        return new LogFields(includeHeaders, Masking.with(headers, query));
    }
}
