package io.portico.plugins.cors;

import java.util.List;

/**
 * The {@code cors} config.
 *
 * @param origins           who may read responses
 * @param methods           sent as {@code Access-Control-Allow-Methods} on preflights
 * @param headers           sent as {@code Access-Control-Allow-Headers}; null echoes what the preflight asked for
 * @param exposedHeaders    sent as {@code Access-Control-Expose-Headers} on actual responses
 * @param credentials       whether browsers may send cookies and authorization
 * @param maxAgeSeconds     how long browsers may cache a preflight answer; -1 leaves it to them
 * @param preflightContinue whether preflights go to the upstream rather than being answered here
 * @param privateNetwork    whether preflights asking for private network access are granted
 */
record CorsConfig(AllowedOrigins origins, List<String> methods, List<String> headers, List<String> exposedHeaders,
        boolean credentials, long maxAgeSeconds, boolean preflightContinue, boolean privateNetwork) {

    CorsConfig {
        methods = List.copyOf(methods);
        headers = headers == null ? null : List.copyOf(headers);
        exposedHeaders = List.copyOf(exposedHeaders);
    }
}
