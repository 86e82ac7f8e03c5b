package io.portico.plugins.deprecation;

import io.portico.plugin.HttpExchange;
import io.portico.plugin.Plugin;
import io.portico.plugin.ResponseHead;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Adds the deprecation headers to every response of the routes it is attached to. The values are
 * formatted once per configuration; the response phase only sets them. Runs on the event loop.
 */
final class DeprecationPlugin implements Plugin {

    static final String DEPRECATION = "Deprecation";
    static final String SUNSET = "Sunset";
    static final String LINK = "Link";

    /** null when the config leaves it out. */
    private final String deprecation;
    private final String sunset;
    private final String deprecationLink;
    private final String sunsetLink;

    DeprecationPlugin(DeprecationConfig config) {
        // RFC 9745: a structured-field Date, "@" and the epoch seconds.
        this.deprecation = config.deprecatedAt() == null ? null : "@" + config.deprecatedAt().getEpochSecond();
        // RFC 8594: an HTTP-date (IMF-fixdate), always in GMT.
        this.sunset = config.sunset() == null ? null
                : DateTimeFormatter.RFC_1123_DATE_TIME.format(config.sunset().atOffset(ZoneOffset.UTC));
        this.deprecationLink = config.link() == null ? null : "<" + config.link() + ">; rel=\"deprecation\"";
        this.sunsetLink = config.sunsetLink() == null ? null : "<" + config.sunsetLink() + ">; rel=\"sunset\"";
    }

    /**
     * Portico's word is final for Deprecation and Sunset (an upstream's own values are replaced); Link
     * values are added, since an upstream's other links stay meaningful.
     */
    @Override
    public void responseHeaders(HttpExchange exchange, ResponseHead response) {
        if (deprecation != null) {
            response.headers().set(DEPRECATION, deprecation);
        }
        if (sunset != null) {
            response.headers().set(SUNSET, sunset);
        }
        if (deprecationLink != null) {
            response.headers().add(LINK, deprecationLink);
        }
        if (sunsetLink != null) {
            response.headers().add(LINK, sunsetLink);
        }
    }
}
