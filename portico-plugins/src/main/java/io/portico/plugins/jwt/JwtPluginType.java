package io.portico.plugins.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.portico.plugin.ConfigReader;
import io.portico.plugin.CredentialType;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginType;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * The {@code jwt} plugin type. It keeps the JWKS key sets for the life of the gateway, shared by every
 * configuration that names the same URI and intervals, so a reload does not refetch keys; a key set no
 * plugin uses any more is dropped by the garbage collector (weak values).
 */
public final class JwtPluginType implements PluginType<JwtConfig> {

    public static final String NAME = "jwt";
    static final int PRIORITY = 1450;

    private static final JwtCredentialType CREDENTIALS = new JwtCredentialType();

    private final Cache<JwksKey, JwksSource> jwksSources = Caffeine.newBuilder().weakValues().build();

    public JwtPluginType() {}

    @Override
    public String name() {
        return NAME;
    }

    /** Rewrite only waits for a JWKS fetch when a token names a key not known yet. */
    @Override
    public Set<Phase> phases() {
        return Set.of(Phase.AUTHENTICATE);
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public JwtConfig readConfig(ConfigReader config) {
        return JwtConfig.read(config);
    }

    @Override
    public Plugin create(JwtConfig config, PluginContext context) {
        JwksSource jwks = null;
        if (config.jwksUri() != null) {
            JwksKey key = new JwksKey(config.jwksUri(), config.jwksRefreshInterval(), config.jwksCacheTtl());
            jwks = jwksSources.get(key, k -> new JwksSource(k.uri(), k.refreshInterval(), k.cacheTtl(),
                    context.httpClient(), context.clock()));
        }
        return new JwtPlugin(config, context, jwks);
    }

    @Override
    public CredentialType<?> credentialType() {
        return CREDENTIALS;
    }

    private record JwksKey(URI uri, Duration refreshInterval, Duration cacheTtl) {}
}
