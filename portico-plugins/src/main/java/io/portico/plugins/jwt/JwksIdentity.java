package io.portico.plugins.jwt;

import io.portico.plugin.Credential;

/**
 * The credential of a consumer named by a JWKS-verified token ({@code consumer_claim}). Its identifier,
 * sent upstream as {@code X-Credential-Identifier}, is the token's {@code iss} when that is plain
 * visible ASCII, otherwise {@code jwks}.
 */
record JwksIdentity(String identifier) implements Credential {

    static final String FALLBACK = "jwks";
    private static final int MAX_LENGTH = 256;

    static JwksIdentity of(String issuer) {
        if (issuer == null || issuer.isEmpty() || issuer.length() > MAX_LENGTH) {
            return new JwksIdentity(FALLBACK);
        }
        for (int i = 0; i < issuer.length(); i++) {
            char c = issuer.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return new JwksIdentity(FALLBACK);
            }
        }
        return new JwksIdentity(issuer);
    }
}
