package io.portico.plugins.hmacauth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Computes and checks base64 HMAC signatures of signing strings. */
final class HmacSignature {

    private HmacSignature() {}

    /** The raw HMAC of the signing string with the secret (UTF-8 bytes of both). */
    static byte[] compute(HmacAlgorithm algorithm, String secret, String signingString) {
        try {
            Mac mac = Mac.getInstance(algorithm.jcaName());
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm.jcaName()));
            return mac.doFinal(signingString.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            // Every Java runtime ships these four HMACs.
            throw new IllegalStateException(algorithm.jcaName() + " is not available", e);
        }
    }

    /** True when the base64 signature is the HMAC of the signing string; compared in constant time. */
    static boolean matches(HmacAlgorithm algorithm, String secret, String signingString, String base64Signature) {
        byte[] given;
        try {
            given = Base64.getDecoder().decode(base64Signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(compute(algorithm, secret, signingString), given);
    }
}
