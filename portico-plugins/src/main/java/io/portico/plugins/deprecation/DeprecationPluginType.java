package io.portico.plugins.deprecation;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginType;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Set;

/** {@code deprecation}: {@code deprecated_at}, {@code sunset}, {@code link} and {@code sunset_link}. */
public final class DeprecationPluginType implements PluginType<DeprecationConfig> {

    private static final String INSTANT_RULE = "an instant such as 2026-06-30T00:00:00Z, or a date such as 2026-06-30";
    private static final String LINK_RULE = "an absolute http(s) URL without spaces or angle brackets";

    public DeprecationPluginType() {}

    @Override
    public String name() {
        return "deprecation";
    }

    @Override
    public Set<Phase> phases() {
        return Set.of(Phase.RESPONSE_HEADERS);
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public DeprecationConfig readConfig(ConfigReader config) {
        Instant deprecatedAt = instant(config, "deprecated_at");
        Instant sunset = instant(config, "sunset");
        String link = link(config, "link");
        String sunsetLink = link(config, "sunset_link");
        if (!config.has("deprecated_at") && !config.has("sunset")) {
            config.problem("deprecated_at", "missing (expected: deprecated_at, sunset or both)");
        }
        if (deprecatedAt != null && sunset != null && sunset.isBefore(deprecatedAt)) {
            config.expected("sunset", "not before deprecated_at (" + deprecatedAt + ")");
        }
        return new DeprecationConfig(deprecatedAt, sunset, link, sunsetLink);
    }

    @Override
    public Plugin create(DeprecationConfig config, PluginContext context) {
        return new DeprecationPlugin(config);
    }

    /** An ISO-8601 instant, or a date (midnight UTC). */
    private static Instant instant(ConfigReader config, String key) {
        String text = config.string(key, null);
        if (text == null) {
            return null;
        }
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            config.expected(key, INSTANT_RULE);
            return null;
        }
    }

    private static String link(ConfigReader config, String key) {
        String text = config.string(key, null);
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            if (uri.isAbsolute() && uri.getHost() != null && ("http".equals(scheme) || "https".equals(scheme))) {
                return text;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        config.expected(key, LINK_RULE);
        return null;
    }
}
