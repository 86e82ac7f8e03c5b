package io.portico.plugins.proxycache;

import io.portico.plugin.Consumer;
import io.portico.plugin.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The cache key of a request: route, method, host, path, the query (all of it, parameters sorted, or the
 * configured parameters), the consumer and the configured {@code vary_headers}, hashed with SHA-256 so
 * that it is short, safe to show in {@code X-Cache-Key} and reveals nothing of credentials. Fields are
 * separated by a byte no request can contain (NUL), so that two requests never share a key by accident.
 */
final class CacheKey {

    private CacheKey() {}

    static String of(ProxyCacheConfig config, HttpExchange exchange) {
        StringBuilder text = new StringBuilder(128);
        text.append(exchange.routeName()).append('\0')
                .append(exchange.method()).append('\0')
                .append(exchange.host()).append('\0')
                .append(exchange.path()).append('\0');
        appendQuery(config, exchange, text);
        Consumer consumer = exchange.consumer();
        text.append('\0').append(consumer == null || config.shareAcrossConsumers() ? "" : consumer.username());
        for (String header : config.varyHeaders()) {
            text.append('\0').append(header).append('=').append(CachedResponse.requestValue(exchange, header));
        }
        return hash(text.toString());
    }

    private static void appendQuery(ProxyCacheConfig config, HttpExchange exchange, StringBuilder text) {
        if (config.varyQueryParams().isEmpty()) {
            String query = exchange.query();
            if (query != null && !query.isEmpty()) {
                List<String> pairs = new ArrayList<>(List.of(query.split("&")));
                pairs.sort(null);
                text.append(String.join("&", pairs));
            }
            return;
        }
        for (String name : config.varyQueryParams()) {
            text.append(name).append('=');
            for (String value : exchange.queryParameters(name)) {
                text.append(value).append('\u0001');
            }
            text.append('&');
        }
    }

    private static String hash(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
