package io.portico.plugins.oauth2introspection;

import io.portico.plugin.Credential;

/**
 * What authenticated a consumer: an active token. Holds no token, only the identifier sent upstream
 * as {@code X-Credential-Identifier}: the token's {@code client_id}, or {@code oauth2} without one.
 */
record TokenCredential(String identifier) implements Credential {

    static final String DEFAULT_IDENTIFIER = "oauth2";
}
