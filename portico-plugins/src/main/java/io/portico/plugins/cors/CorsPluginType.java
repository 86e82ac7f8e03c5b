package io.portico.plugins.cors;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.HttpTokens;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cors}: Kong's keys ({@code origins}, {@code methods}, {@code headers}, {@code exposed_headers},
 * {@code credentials}, {@code max_age}, {@code preflight_continue}, {@code private_network}). Origins
 * are {@code "*"}, exact origins, or regexes written {@code ~^https://.*\.example\.com$}, compiled here.
 */
public final class CorsPluginType implements PluginType<CorsConfig> {

    private static final Logger log = LoggerFactory.getLogger(CorsPluginType.class);

    /** Kong's default, in Kong's order. */
    static final List<String> DEFAULT_METHODS =
            List.of("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE", "OPTIONS", "TRACE", "CONNECT");
    private static final String ORIGIN_RULE =
            "\"*\", an origin such as https://app.example.com, or a regex such as ~^https://.*\\.example\\.com$";

    public CorsPluginType() {}

    @Override
    public String name() {
        return "cors";
    }

    @Override
    public Set<Phase> phases() {
        return Set.of(Phase.REWRITE, Phase.RESPONSE_HEADERS);
    }

    @Override
    public int priority() {
        return 2000;
    }

    @Override
    public CorsConfig readConfig(ConfigReader config) {
        AllowedOrigins origins = origins(config);
        List<String> methods = methods(config);
        List<String> headers = config.has("headers") ? headerNames(config, "headers") : null;
        List<String> exposedHeaders = headerNames(config, "exposed_headers");
        boolean credentials = config.bool("credentials", false);
        long maxAgeSeconds = config.number("max_age", -1, 0, Integer.MAX_VALUE);
        boolean preflightContinue = config.bool("preflight_continue", false);
        boolean privateNetwork = config.bool("private_network", false);
        return new CorsConfig(origins, methods, headers, exposedHeaders, credentials, maxAgeSeconds, preflightContinue,
                privateNetwork);
    }

    private static AllowedOrigins origins(ConfigReader config) {
        if (!config.has("origins")) {
            return new AllowedOrigins.Any(); // Kong's default
        }
        List<String> written = config.strings("origins", List.of());
        if (written.isEmpty()) {
            if (config.value("origins") instanceof List) {
                config.expected("origins", "at least one entry: " + ORIGIN_RULE);
            }
            return new AllowedOrigins.Any();
        }
        if (written.size() == 1 && written.get(0).equals("*")) {
            return new AllowedOrigins.Any();
        }
        Set<String> exact = new LinkedHashSet<>();
        List<Pattern> patterns = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            String entry = written.get(i);
            if (entry.equals("*")) {
                config.expectedItem("origins", i, "\"*\" alone, since it allows every origin");
            } else if (entry.startsWith("~")) {
                try {
                    patterns.add(Pattern.compile(entry.substring(1)));
                } catch (PatternSyntaxException e) {
                    config.expectedItem("origins", i, "a regex after ~; " + e.getDescription() + " at index "
                            + e.getIndex());
                }
            } else {
                String origin = Origins.parse(entry);
                if (origin == null) {
                    config.expectedItem("origins", i, ORIGIN_RULE);
                } else {
                    exact.add(origin);
                }
            }
        }
        return new AllowedOrigins.Listed(exact, patterns);
    }

    private static List<String> methods(ConfigReader config) {
        List<String> written = config.strings("methods", DEFAULT_METHODS);
        List<String> out = new ArrayList<>(written.size());
        for (int i = 0; i < written.size(); i++) {
            if (DEFAULT_METHODS.contains(written.get(i))) {
                out.add(written.get(i));
            } else {
                config.expectedItem("methods", i, "one of " + String.join(", ", DEFAULT_METHODS));
            }
        }
        return out;
    }

    private static List<String> headerNames(ConfigReader config, String key) {
        List<String> written = config.strings(key, List.of());
        List<String> out = new ArrayList<>(written.size());
        for (int i = 0; i < written.size(); i++) {
            if (HttpTokens.isToken(written.get(i))) {
                out.add(written.get(i));
            } else {
                config.expectedItem(key, i, "a header name");
            }
        }
        return out;
    }

    @Override
    public Plugin create(CorsConfig config, PluginContext context) {
        if (config.credentials() && config.origins() instanceof AllowedOrigins.Any) {
            log.warn("cors ({}): credentials: true with every origin allowed lets any web site make credentialed "
                    + "requests on behalf of a signed-in user", context.scope());
        }
        return new CorsPlugin(config);
    }
}
