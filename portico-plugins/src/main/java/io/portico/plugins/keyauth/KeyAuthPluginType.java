package io.portico.plugins.keyauth;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.CredentialType;
import io.portico.plugin.HttpTokens;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginType;
import java.util.List;
import java.util.Set;

/** {@code key-auth}: the consumer is whoever owns the API key the request carries. */
public final class KeyAuthPluginType implements PluginType<KeyAuthConfig> {

    static final String NAME = "key-auth";
    static final String KEY_NAME_RULE = "a header name (letters, digits and !#$%&'*+-.^_`|~)";
    private static final int MAX_KEY_NAME_LENGTH = 256;

    private final KeyAuthCredentialType credentials = new KeyAuthCredentialType();

    public KeyAuthPluginType() {}

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
        return 1250;
    }

    @Override
    public KeyAuthConfig readConfig(ConfigReader config) {
        List<String> keyNames = config.strings("key_names", List.of("apikey"));
        if (config.value("key_names") instanceof List<?> items && items.isEmpty()) {
            config.problem("key_names", "an empty list (expected: a non-empty list of header names)");
        }
        for (int i = 0; i < keyNames.size(); i++) {
            String name = keyNames.get(i);
            if (name.length() > MAX_KEY_NAME_LENGTH || !HttpTokens.isToken(name)) {
                config.expectedItem("key_names", i, KEY_NAME_RULE);
            }
        }
        boolean inHeader = config.bool("key_in_header", true);
        boolean inQuery = config.bool("key_in_query", true);
        if (!inHeader && !inQuery) {
            config.expected("key_in_query", "true when key_in_header is false");
        }
        boolean hide = config.bool("hide_credentials", false);
        String anonymous = config.consumer("anonymous");
        return new KeyAuthConfig(keyNames, inHeader, inQuery, hide, anonymous);
    }

    @Override
    public Plugin create(KeyAuthConfig config, PluginContext context) {
        return new KeyAuthPlugin(config, new ApiKeys(context.credentials(KeyAuthCredential.class)),
                config.anonymous() == null ? null : context.consumer(config.anonymous()));
    }

    @Override
    public CredentialType<KeyAuthCredential> credentialType() {
        return credentials;
    }
}
