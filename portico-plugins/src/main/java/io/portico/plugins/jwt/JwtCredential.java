package io.portico.plugins.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import io.portico.plugin.Credential;
import java.util.Objects;

/**
 * A consumer's {@code jwt} credential: tokens whose key claim ({@code key_claim_name}, {@code iss} by
 * default) equals {@code key} must be signed with {@code algorithm} by this key.
 */
record JwtCredential(String key, JWSAlgorithm algorithm, VerificationKey verificationKey) implements Credential {

    JwtCredential {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(verificationKey, "verificationKey");
    }

    @Override
    public String identifier() {
        return key;
    }

    @Override
    public String toString() {
        return "JwtCredential[key=" + key + ", algorithm=" + algorithm + "]"; // never the secret
    }
}
