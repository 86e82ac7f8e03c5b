package io.portico.plugins.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import io.portico.plugin.ConfigReader;
import io.portico.plugin.CredentialType;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;

/**
 * Reads {@code consumers[].credentials.jwt[]}: {@code key} (or {@code issuer}, the same thing),
 * {@code algorithm}, and {@code secret} for HS* or {@code public_key} (PEM) for the others. The key
 * material is checked here, so a bad key is a config error with its path. Messages never contain a
 * secret.
 */
final class JwtCredentialType implements CredentialType<JwtCredential> {

    private static final String KEY_RULE = "the value of the token's key claim, such as its iss";

    @Override
    public Class<JwtCredential> type() {
        return JwtCredential.class;
    }

    @Override
    public String lookupKey(JwtCredential credential) {
        return credential.key();
    }

    @Override
    public JwtCredential read(ConfigReader credential, String consumer, int index) {
        String key = key(credential);
        String algorithmName = credential.oneOf("algorithm", "HS256", KeyMaterial.ALGORITHM_NAMES);
        JWSAlgorithm algorithm = JWSAlgorithm.parse(algorithmName);
        Object secret = credential.value("secret");
        Object publicKey = credential.value("public_key");
        VerificationKey verificationKey = KeyMaterial.isHmac(algorithm)
                ? secret(credential, algorithm, secret, publicKey)
                : publicKey(credential, algorithm, secret, publicKey);
        if (key == null || verificationKey == null) {
            return null;
        }
        return new JwtCredential(key, algorithm, verificationKey);
    }

    /** {@code key} as in Kong; {@code issuer} as in Portico's design document. One of the two. */
    private static String key(ConfigReader credential) {
        boolean hasKey = credential.has("key");
        boolean hasIssuer = credential.has("issuer");
        if (hasKey && hasIssuer) {
            credential.problem("issuer", "set together with key (expected: one of key, issuer)");
            return null;
        }
        if (!hasKey && !hasIssuer) {
            credential.problem("key", "missing (expected: " + KEY_RULE + ")");
            return null;
        }
        return credential.requiredString(hasKey ? "key" : "issuer", KEY_RULE);
    }

    private static VerificationKey secret(ConfigReader credential, JWSAlgorithm algorithm, Object secret,
                                          Object publicKey) {
        if (publicKey != null) {
            credential.problem("public_key", "set for " + algorithm + " (expected: only with RS*, PS*, ES* and EdDSA)");
        }
        int minimum = KeyMaterial.minimumSecretBytes(algorithm);
        String rule = "text of at least " + minimum + " bytes for " + algorithm;
        if (secret == null) {
            credential.problem("secret", "missing (expected: " + rule + ")");
            return null;
        }
        if (!(secret instanceof String text)) {
            credential.problem("secret", "not text (expected: " + rule + ")"); // the value is a secret: not shown
            return null;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < minimum) {
            credential.problem("secret", bytes.length + " bytes (expected: at least " + minimum + " bytes for "
                    + algorithm + ")");
            return null;
        }
        return KeyMaterial.secret(algorithm, bytes);
    }

    private static VerificationKey publicKey(ConfigReader credential, JWSAlgorithm algorithm, Object secret,
                                             Object publicKey) {
        if (secret != null) {
            credential.problem("secret", "set for " + algorithm + " (expected: only with HS256, HS384 and HS512)");
        }
        String rule = KeyMaterial.PEM_RULE + " for " + algorithm;
        if (publicKey == null) {
            credential.problem("public_key", "missing (expected: " + rule + ")");
            return null;
        }
        if (!(publicKey instanceof String pem)) {
            credential.expected("public_key", rule);
            return null;
        }
        try {
            PublicKey parsed = KeyMaterial.pem(pem);
            return KeyMaterial.publicKey(algorithm, parsed);
        } catch (KeyProblem problem) {
            credential.problem("public_key", problem.getMessage());
            return null;
        }
    }
}
