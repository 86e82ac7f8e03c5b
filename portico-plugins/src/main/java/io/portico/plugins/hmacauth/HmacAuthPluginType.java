package io.portico.plugins.hmacauth;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.Consumer;
import io.portico.plugin.ConsumerCredential;
import io.portico.plugin.CredentialType;
import io.portico.plugin.HttpTokens;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code hmac-auth}: Kong's HMAC signature authentication. */
public final class HmacAuthPluginType implements PluginType<HmacAuthConfig> {

    static final String NAME = "hmac-auth";
    static final int PRIORITY = 1030;
    static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(5);
    static final String HEADER_RULE = "a header name or request-line";

    private static final HmacCredentialType CREDENTIALS = new HmacCredentialType();

    public HmacAuthPluginType() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Phase> phases() {
        return Set.of(Phase.AUTHENTICATE);
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public HmacAuthConfig readConfig(ConfigReader config) {
        Duration clockSkew = config.duration("clock_skew", DEFAULT_CLOCK_SKEW);
        List<String> enforceHeaders = headerNames(config, "enforce_headers");
        Set<HmacAlgorithm> algorithms = algorithms(config);
        boolean hideCredentials = config.bool("hide_credentials", false);
        String anonymous = config.consumer("anonymous");
        return new HmacAuthConfig(clockSkew, enforceHeaders, algorithms, hideCredentials, anonymous);
    }

    private static List<String> headerNames(ConfigReader config, String key) {
        List<String> names = new ArrayList<>();
        List<String> written = config.strings(key, List.of());
        for (int i = 0; i < written.size(); i++) {
            String name = written.get(i).toLowerCase(Locale.ROOT);
            if (!HttpTokens.isToken(name)) { // request-line is a token too
                config.expectedItem(key, i, HEADER_RULE);
            } else if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    private static Set<HmacAlgorithm> algorithms(ConfigReader config) {
        List<String> all = HmacAlgorithm.configNames(List.of(HmacAlgorithm.values()));
        List<String> written = config.strings("algorithms", HmacAlgorithm.configNames(HmacAlgorithm.DEFAULTS));
        Set<HmacAlgorithm> algorithms = EnumSet.noneOf(HmacAlgorithm.class);
        boolean wrong = false;
        for (int i = 0; i < written.size(); i++) {
            HmacAlgorithm algorithm = HmacAlgorithm.named(written.get(i));
            if (algorithm == null) {
                config.expectedItem("algorithms", i, "one of " + String.join(", ", all));
                wrong = true;
            } else {
                algorithms.add(algorithm);
            }
        }
        if (algorithms.isEmpty() && !wrong) {
            config.expected("algorithms", "at least one of " + String.join(", ", all));
        }
        return algorithms;
    }

    @Override
    public Plugin create(HmacAuthConfig config, PluginContext context) {
        Map<String, ConsumerCredential<HmacCredential>> byUsername = new HashMap<>();
        for (ConsumerCredential<HmacCredential> owned : context.credentials(HmacCredential.class)) {
            byUsername.putIfAbsent(owned.credential().username(), owned); // the core rejects duplicates
        }
        Consumer anonymous = config.anonymous() == null ? null : context.consumer(config.anonymous());
        return new HmacAuthPlugin(config, byUsername, anonymous, context.clock());
    }

    @Override
    public CredentialType<?> credentialType() {
        return CREDENTIALS;
    }
}
