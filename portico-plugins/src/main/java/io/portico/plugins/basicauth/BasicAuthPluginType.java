package io.portico.plugins.basicauth;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.ConsumerCredential;
import io.portico.plugin.CredentialType;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginType;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code basic-auth}: the consumer is whoever owns the username and password the request carries. */
public final class BasicAuthPluginType implements PluginType<BasicAuthConfig> {

    static final String NAME = "basic-auth";
    static final String REALM_RULE = "1 to 128 printable ASCII characters without '\"' or '\\'";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BasicAuthCredentialType credentials;

    public BasicAuthPluginType() {
        this(PasswordHash.DEFAULT_ITERATIONS);
    }

    /** Hashes plain passwords from config with {@code iterations} rounds (tests use fewer). */
    BasicAuthPluginType(int iterations) {
        this.credentials = new BasicAuthCredentialType(iterations);
    }

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
        return 1100;
    }

    @Override
    public BasicAuthConfig readConfig(ConfigReader config) {
        String anonymous = config.consumer("anonymous");
        boolean hide = config.bool("hide_credentials", false);
        String realm = config.string("realm", "portico");
        if (!isRealm(realm)) {
            config.expected("realm", REALM_RULE);
        }
        return new BasicAuthConfig(anonymous, hide, realm);
    }

    @Override
    public Plugin create(BasicAuthConfig config, PluginContext context) {
        Map<String, ConsumerCredential<BasicAuthCredential>> byUsername = new HashMap<>();
        int mostIterations = 0;
        for (ConsumerCredential<BasicAuthCredential> entry : context.credentials(BasicAuthCredential.class)) {
            // Usernames are unique: the core rejects duplicates (BasicAuthCredentialType.lookupKey).
            byUsername.put(entry.credential().username(), entry);
            mostIterations = Math.max(mostIterations, entry.credential().passwordHash().iterations());
        }
        // The decoy costs what the dearest real hash costs, so unknown usernames never answer faster.
        PasswordHash decoy = PasswordHash.decoy(byUsername.isEmpty() ? PasswordHash.DEFAULT_ITERATIONS : mostIterations,
                RANDOM);
        return new BasicAuthPlugin(config, byUsername, decoy, new VerifiedLogins(context.clock()),
                context.blockingExecutor(), config.anonymous() == null ? null : context.consumer(config.anonymous()));
    }

    @Override
    public CredentialType<BasicAuthCredential> credentialType() {
        return credentials;
    }

    private static boolean isRealm(String realm) {
        if (realm.isEmpty() || realm.length() > 128) {
            return false;
        }
        for (int i = 0; i < realm.length(); i++) {
            char c = realm.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
