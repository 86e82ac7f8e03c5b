package io.portico.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks {@code Authorization: Bearer <token>} against {@code admin.token}. Both sides are hashed before
 * the constant-time comparison, so the time taken tells nothing about the token's content or length.
 * Holds only the hash; never prints the token.
 */
final class AdminToken {

    /** What a request's credentials amount to. */
    enum Verdict {
        ACCEPTED,
        MISSING,
        INVALID
    }

    private static final String SCHEME = "bearer";

    private final byte[] expectedDigest;

    private AdminToken(byte[] expectedDigest) {
        this.expectedDigest = expectedDigest;
    }

    /** A check for {@code token}; null (no token configured) accepts every request. */
    static AdminToken of(String token) {
        return new AdminToken(token == null ? null : sha256(token));
    }

    boolean required() {
        return expectedDigest != null;
    }

    Verdict check(String authorization) {
        if (expectedDigest == null) {
            return Verdict.ACCEPTED;
        }
        if (authorization == null || authorization.isBlank()) {
            return Verdict.MISSING;
        }
        // RFC 9110 §11.1: the scheme is case-insensitive; one or more spaces before the credentials.
        int space = authorization.indexOf(' ');
        if (space < 0 || !authorization.substring(0, space).equalsIgnoreCase(SCHEME)) {
            return Verdict.INVALID;
        }
        String presented = authorization.substring(space + 1).strip();
        return MessageDigest.isEqual(expectedDigest, sha256(presented)) ? Verdict.ACCEPTED : Verdict.INVALID;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return required() ? "AdminToken[required]" : "AdminToken[none]";
    }
}
