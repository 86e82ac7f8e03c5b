package io.portico.plugins.keyauth;

import io.portico.plugin.Credential;

/**
 * One API key of a consumer.
 *
 * @param identifier names the key upstream ({@code X-Credential-Identifier}); never the key itself
 */
record KeyAuthCredential(String key, String identifier) implements Credential {

    @Override
    public String toString() {
        return "KeyAuthCredential[identifier=" + identifier + "]"; // the key stays out of logs
    }
}
