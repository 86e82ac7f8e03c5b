package io.portico.plugins.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Keys and hand-assembled compact JWS tokens for tests: any header, any payload (duplicate members,
 * attack headers), signed by any key. Ed25519 uses the JDK (nimbus's signer needs Tink).
 */
final class TestTokens {

    /** Signs a JWS signing input. */
    @FunctionalInterface
    interface Signer {
        byte[] sign(byte[] signingInput) throws Exception;
    }

    private TestTokens() {}

    static KeyPair rsa(int bits) {
        return generate("RSA", bits, null);
    }

    static KeyPair ec(String curve) {
        return generate("EC", 0, curve);
    }

    static KeyPair ed25519() {
        return generate("Ed25519", 0, null);
    }

    private static KeyPair generate(String algorithm, int bits, String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (bits > 0) {
                generator.initialize(bits);
            } else if (curve != null) {
                generator.initialize(new ECGenParameterSpec(curve));
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String rsaJwk(KeyPair pair, String kid) {
        return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID(kid).build().toJSONString();
    }

    static String ecJwk(KeyPair pair, String kid) {
        return new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic()).keyID(kid).build().toJSONString();
    }

    static String ed25519Jwk(KeyPair pair, String kid) {
        byte[] spki = pair.getPublic().getEncoded();
        byte[] x = Arrays.copyOfRange(spki, spki.length - 32, spki.length); // the key follows a fixed DER prefix
        return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).keyID(kid).build().toJSONString();
    }

    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    static String b64(String text) {
        return Base64URL.encode(text.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** {@code header.payload.signature} with the signer's signature over the first two segments. */
    static String token(String headerJson, String payloadJson, Signer signer) {
        String signingInput = b64(headerJson) + "." + b64(payloadJson);
        try {
            byte[] signature = signer.sign(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64URL.encode(signature);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Signer hmac(JWSAlgorithm algorithm, byte[] secret) {
        return input -> nimbus(new MACSigner(secret), algorithm, input);
    }

    static Signer rsa(JWSAlgorithm algorithm, PrivateKey key) {
        return input -> nimbus(new RSASSASigner(key), algorithm, input);
    }

    static Signer ecdsa(JWSAlgorithm algorithm, PrivateKey key) {
        return input -> nimbus(new ECDSASigner((ECPrivateKey) key), algorithm, input);
    }

    static Signer ed25519(PrivateKey key) {
        return input -> {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key);
            signature.update(input);
            return signature.sign();
        };
    }

    private static byte[] nimbus(JWSSigner signer, JWSAlgorithm algorithm, byte[] input) throws JOSEException {
        return signer.sign(new JWSHeader(algorithm), input).decode();
    }

    /** A payload with the given members plus exp one hour from now ({@code "k":"v"} pairs, raw JSON). */
    static String claims(String members) {
        long exp = System.currentTimeMillis() / 1000 + 3600;
        return "{" + members + (members.isEmpty() ? "" : ",") + "\"exp\":" + exp + "}";
    }

    static String header(String alg) {
        return "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}";
    }

    static String header(String alg, String kid) {
        return "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
    }
}
