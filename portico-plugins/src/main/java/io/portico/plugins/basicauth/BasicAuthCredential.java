package io.portico.plugins.basicauth;

import io.portico.plugin.Credential;

/** A consumer's username and password hash; the username is also its identifier upstream. */
record BasicAuthCredential(String username, PasswordHash passwordHash) implements Credential {

    @Override
    public String identifier() {
        return username;
    }

    @Override
    public String toString() {
        return "BasicAuthCredential[username=" + username + "]"; // the hash stays out of logs
    }
}
