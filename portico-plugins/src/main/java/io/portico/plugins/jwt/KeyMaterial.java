package io.portico.plugins.jwt;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Turns configured secrets, PEM public keys and JWKS entries into {@link VerificationKey}s, refusing
 * keys that do not fit their algorithm: short HMAC secrets, RSA below 2048 bits, an EC key on another
 * curve than the algorithm's, symmetric keys from a JWKS.
 */
final class KeyMaterial {

    /** The algorithms a credential may name, in the order the docs list them. */
    static final List<String> ALGORITHM_NAMES = List.of("HS256", "HS384", "HS512", "RS256", "RS384", "RS512",
            "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");
    static final int MIN_RSA_BITS = 2048;
    static final String PEM_RULE = "a PEM public key, -----BEGIN PUBLIC KEY-----";

    private static final Set<JWSAlgorithm> RSA_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);
    private static final Set<JWSAlgorithm> ED25519_ALGORITHMS = Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);
    private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String PEM_END = "-----END PUBLIC KEY-----";
    /** DER SubjectPublicKeyInfo header of an Ed25519 key (RFC 8410); the 32 key bytes follow. */
    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03,
            0x21, 0x00};
    private static final int ED25519_KEY_BYTES = 32;

    private KeyMaterial() {}

    static boolean isHmac(JWSAlgorithm algorithm) {
        return JWSAlgorithm.Family.HMAC_SHA.contains(algorithm);
    }

    /** RFC 7518 §3.2: an HMAC key at least as long as the hash. */
    static int minimumSecretBytes(JWSAlgorithm algorithm) {
        if (JWSAlgorithm.HS512.equals(algorithm)) {
            return 64;
        }
        return JWSAlgorithm.HS384.equals(algorithm) ? 48 : 32;
    }

    /** An HMAC key; the secret is at least {@link #minimumSecretBytes} long. */
    static VerificationKey secret(JWSAlgorithm algorithm, byte[] secret) {
        try {
            return new VerificationKey(Set.of(algorithm), new MACVerifier(secret));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("secret: too short for " + algorithm, e);
        }
    }

    /** Reads a {@code -----BEGIN PUBLIC KEY-----} block (X.509 SubjectPublicKeyInfo): RSA, EC or EdDSA. */
    static PublicKey pem(String text) throws KeyProblem {
        String trimmed = text.strip();
        if (!trimmed.startsWith(PEM_BEGIN) || !trimmed.endsWith(PEM_END) || trimmed.length() < PEM_BEGIN.length()
                + PEM_END.length()) {
            throw new KeyProblem("not a PEM public key", PEM_RULE);
        }
        String body = trimmed.substring(PEM_BEGIN.length(), trimmed.length() - PEM_END.length()).replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new KeyProblem("a PEM block that is not base64", PEM_RULE);
        }
        for (String type : List.of("RSA", "EC", "EdDSA")) {
            try {
                return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
            } catch (InvalidKeySpecException | RuntimeException e) {
                // not this type: try the next one
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK lacks " + type, e);
            }
        }
        throw new KeyProblem("a PEM block that is not an RSA, EC or Ed25519 public key", PEM_RULE);
    }

    /** The key of a credential whose algorithm is asymmetric. */
    static VerificationKey publicKey(JWSAlgorithm algorithm, PublicKey key) throws KeyProblem {
        if (RSA_ALGORITHMS.contains(algorithm)) {
            if (!(key instanceof RSAPublicKey rsa)) {
                throw new KeyProblem(describe(key), "an RSA public key for " + algorithm);
            }
            return new VerificationKey(Set.of(algorithm), rsa(rsa));
        }
        if (JWSAlgorithm.Family.EC.contains(algorithm)) {
            Curve wanted = curve(algorithm);
            if (!(key instanceof ECPublicKey ec)) {
                throw new KeyProblem(describe(key), "an EC public key on " + wanted.getName() + " for " + algorithm);
            }
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            if (!wanted.equals(curve)) {
                throw new KeyProblem("an EC key on " + (curve == null ? "another curve" : curve.getName()),
                        wanted.getName() + " for " + algorithm);
            }
            return new VerificationKey(Set.of(algorithm), ec(ec));
        }
        if (JWSAlgorithm.EdDSA.equals(algorithm)) {
            if (!(key instanceof EdECPublicKey ed) || !"Ed25519".equals(ed.getParams().getName())) {
                throw new KeyProblem(describe(key), "an Ed25519 public key for EdDSA");
            }
            return new VerificationKey(Set.of(algorithm), new Ed25519SignatureVerifier(key));
        }
        throw new KeyProblem(algorithm.getName(), "an asymmetric algorithm");
    }

    /**
     * The key of a JWKS entry. Symmetric keys are refused (an HMAC "public" key would let anyone sign);
     * an entry without {@code alg} allows the algorithms of its key type only.
     */
    static VerificationKey jwk(JWK jwk) throws KeyProblem {
        if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
            throw new KeyProblem("use " + jwk.getKeyUse().identifier(), "sig");
        }
        if (jwk.getKeyOperations() != null && !jwk.getKeyOperations().contains(KeyOperation.VERIFY)) {
            throw new KeyProblem("key_ops without verify", "verify");
        }
        if (jwk.getKeyRevocation() != null) {
            throw new KeyProblem("a revoked key", "a key in use");
        }
        JWSAlgorithm declared = declared(jwk.getAlgorithm());
        try {
            if (KeyType.RSA.equals(jwk.getKeyType())) {
                if (declared != null && !RSA_ALGORITHMS.contains(declared)) {
                    throw new KeyProblem("an RSA key for " + declared, "RS256-RS512 or PS256-PS512");
                }
                return new VerificationKey(declared == null ? RSA_ALGORITHMS : Set.of(declared),
                        rsa(jwk.toRSAKey().toRSAPublicKey()));
            }
            if (KeyType.EC.equals(jwk.getKeyType())) {
                ECKey ec = jwk.toECKey();
                JWSAlgorithm algorithm = ecAlgorithm(ec.getCurve());
                if (algorithm == null || (declared != null && !declared.equals(algorithm))) {
                    throw new KeyProblem("an EC key on " + ec.getCurve() + (declared == null ? "" : " for " + declared),
                            "P-256 with ES256, P-384 with ES384 or P-521 with ES512");
                }
                return new VerificationKey(Set.of(algorithm), ec(ec.toECPublicKey()));
            }
            if (KeyType.OKP.equals(jwk.getKeyType())) {
                OctetKeyPair okp = jwk.toOctetKeyPair();
                if (!Curve.Ed25519.equals(okp.getCurve()) || (declared != null && !ED25519_ALGORITHMS.contains(declared))) {
                    throw new KeyProblem("an OKP key on " + okp.getCurve(), "Ed25519 with EdDSA");
                }
                return new VerificationKey(declared == null ? ED25519_ALGORITHMS : Set.of(declared),
                        new Ed25519SignatureVerifier(ed25519(okp.getX().decode())));
            }
        } catch (JOSEException e) {
            throw new KeyProblem("a " + jwk.getKeyType() + " key that cannot be read", "a valid public key");
        }
        throw new KeyProblem("a " + jwk.getKeyType() + " key", "an RSA, EC or OKP (Ed25519) public key");
    }

    private static JWSAlgorithm declared(Algorithm algorithm) {
        return algorithm == null ? null : JWSAlgorithm.parse(algorithm.getName());
    }

    private static RSASSAVerifier rsa(RSAPublicKey key) throws KeyProblem {
        int bits = key.getModulus().bitLength();
        if (bits < MIN_RSA_BITS) {
            throw new KeyProblem("a " + bits + "-bit RSA key", "at least " + MIN_RSA_BITS + " bits");
        }
        return new RSASSAVerifier(key);
    }

    private static ECDSAVerifier ec(ECPublicKey key) throws KeyProblem {
        try {
            return new ECDSAVerifier(key);
        } catch (JOSEException e) {
            throw new KeyProblem("an EC key Portico cannot use", "a P-256, P-384 or P-521 public key");
        }
    }

    private static Curve curve(JWSAlgorithm algorithm) {
        if (JWSAlgorithm.ES384.equals(algorithm)) {
            return Curve.P_384;
        }
        return JWSAlgorithm.ES512.equals(algorithm) ? Curve.P_521 : Curve.P_256;
    }

    private static JWSAlgorithm ecAlgorithm(Curve curve) {
        if (Curve.P_256.equals(curve)) {
            return JWSAlgorithm.ES256;
        }
        if (Curve.P_384.equals(curve)) {
            return JWSAlgorithm.ES384;
        }
        return Curve.P_521.equals(curve) ? JWSAlgorithm.ES512 : null;
    }

    private static PublicKey ed25519(byte[] x) throws KeyProblem {
        if (x.length != ED25519_KEY_BYTES) {
            throw new KeyProblem("an Ed25519 key of " + x.length + " bytes", ED25519_KEY_BYTES + " bytes");
        }
        byte[] der = new byte[ED25519_SPKI_PREFIX.length + x.length];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, der, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(x, 0, der, ED25519_SPKI_PREFIX.length, x.length);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new KeyProblem("an Ed25519 key that cannot be read", "a valid public key");
        }
    }

    private static String describe(PublicKey key) {
        if (key instanceof RSAPublicKey) {
            return "an RSA key";
        }
        if (key instanceof ECPublicKey) {
            return "an EC key";
        }
        if (key instanceof EdECPublicKey ed) {
            return "an " + ed.getParams().getName() + " key";
        }
        return "a " + key.getAlgorithm() + " key";
    }
}
