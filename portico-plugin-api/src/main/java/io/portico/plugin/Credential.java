package io.portico.plugin;

/** A consumer's credential of some plugin. Implementations are records; they never print secrets. */
public interface Credential {

    /**
     * Names the credential without revealing it; sent upstream as {@code X-Credential-Identifier}
     * (a key's id, a basic-auth username, a JWT issuer).
     */
    String identifier();
}
