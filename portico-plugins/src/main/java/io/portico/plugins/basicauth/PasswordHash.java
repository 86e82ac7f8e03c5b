package io.portico.plugins.basicauth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A PBKDF2-HMAC-SHA256 password hash, written {@code $pbkdf2-sha256$i=<iterations>$<salt>$<hash>}
 * with standard base64 (padding optional). Immutable; {@link #matches} is slow by design and must not
 * run on an event loop.
 */
final class PasswordHash {

    static final int DEFAULT_ITERATIONS = 210_000;
    static final int MIN_ITERATIONS = 1_000;
    static final int MAX_ITERATIONS = 10_000_000;
    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;
    static final String FORMAT_RULE = "$pbkdf2-sha256$i=<" + MIN_ITERATIONS + " to " + MAX_ITERATIONS
            + ">$<base64 salt of 8 to 64 bytes>$<base64 hash of 16 to 64 bytes>";
    private static final String PREFIX = "$pbkdf2-sha256$i=";
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** Hashes {@code password} with a fresh random salt. */
    static PasswordHash of(String password, int iterations, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations, HASH_BYTES));
    }

    /** A hash no password matches, which costs as much to check as a real one (for unknown users). */
    static PasswordHash decoy(int iterations, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        byte[] hash = new byte[HASH_BYTES];
        random.nextBytes(salt);
        random.nextBytes(hash);
        return new PasswordHash(iterations, salt, hash);
    }

    /** The hash written as text, or null when the text is not one. */
    static PasswordHash parse(String text) {
        if (!text.startsWith(PREFIX)) {
            return null;
        }
        String[] parts = text.substring(PREFIX.length()).split("\\$", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            long iterations = parts[0].length() > 9 ? -1 : Long.parseLong(parts[0]);
            byte[] salt = Base64.getDecoder().decode(parts[1]);
            byte[] hash = Base64.getDecoder().decode(parts[2]);
            if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS || salt.length < 8 || salt.length > 64
                    || hash.length < 16 || hash.length > 64) {
                return null;
            }
            return new PasswordHash((int) iterations, salt, hash);
        } catch (IllegalArgumentException e) {
            return null; // not a number, or not base64
        }
    }

    int iterations() {
        return iterations;
    }

    /** True when {@code password} hashes to this hash; compares in constant time. Slow: off the event loop. */
    boolean matches(String password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations, hash.length));
    }

    /** The text form, as {@link #parse} reads it. */
    String encoded() {
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return PREFIX + iterations + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
    }

    private static byte[] derive(String password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    @Override
    public String toString() {
        return "PasswordHash[pbkdf2-sha256, i=" + iterations + "]"; // salt and hash stay out of logs
    }
}
