package io.portico.plugins.keyauth;

import java.util.List;

/**
 * The {@code key-auth} config.
 *
 * @param keyNames  header and query parameter names the key is looked for under, in order
 * @param anonymous the consumer to fall back to when no valid key is sent, or null
 */
record KeyAuthConfig(List<String> keyNames, boolean keyInHeader, boolean keyInQuery, boolean hideCredentials,
                     String anonymous) {

    KeyAuthConfig {
        keyNames = List.copyOf(keyNames);
    }
}
