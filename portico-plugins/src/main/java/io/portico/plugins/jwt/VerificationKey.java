package io.portico.plugins.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import java.util.Set;

/**
 * A key Portico trusts, with the algorithms it may verify: exactly the credential's algorithm, or for a
 * JWKS key its {@code alg}, or the allow-list of its key type. The verifier is thread-safe.
 */
record VerificationKey(Set<JWSAlgorithm> algorithms, JWSVerifier verifier) {

    VerificationKey {
        algorithms = Set.copyOf(algorithms);
    }

    boolean accepts(JWSAlgorithm algorithm) {
        return algorithms.contains(algorithm);
    }

    /** True when the signature is the key's over the token, made with an algorithm this key allows. */
    boolean verifies(JWSObject token) {
        if (!accepts(token.getHeader().getAlgorithm())) {
            return false;
        }
        try {
            return verifier.verify(token.getHeader(), token.getSigningInput(), token.getSignature());
        } catch (JOSEException | RuntimeException e) {
            return false; // a signature of the wrong length or encoding is simply not valid
        }
    }

    @Override
    public String toString() {
        return "VerificationKey" + algorithms; // never the key material
    }
}
