package io.portico.plugins.hmacauth;

import io.portico.plugin.Credential;

/**
 * A consumer's HMAC credential: the username clients put in the Authorization header and the shared
 * secret they sign with (kept as written: HMAC needs the secret itself, not a hash of it).
 */
record HmacCredential(String username, String secret) implements Credential {

    @Override
    public String identifier() {
        return username;
    }

    @Override
    public String toString() {
        return "HmacCredential[username=" + username + ", secret=<hidden>]";
    }
}
