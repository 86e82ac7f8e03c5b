package io.portico.plugins.basicauth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * Authorization headers whose password was checked recently, so that a client sending the same
 * header again is not made to wait for PBKDF2 (nor costs it). Entries are found by SHA-256 of a
 * random per-process secret and the header, so the cache holds nothing an attacker could test
 * passwords against offline without that secret. Failures are never remembered. Thread-safe.
 */
final class VerifiedLogins {

    static final int MAX_ENTRIES = 10_000;
    static final Duration TTL = Duration.ofMinutes(5);
    private static final byte[] SECRET = new byte[32];

    static {
        new SecureRandom().nextBytes(SECRET);
    }

    private final Cache<String, BasicAuthCredential> verified;

    VerifiedLogins(Clock clock) {
        Ticker ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
        this.verified = Caffeine.newBuilder()
                .maximumSize(MAX_ENTRIES)
                .expireAfterWrite(TTL)
                .ticker(ticker)
                .executor(Runnable::run) // upkeep is small; no hand-off to the common pool
                .build();
    }

    /** True when this header was verified for exactly this credential (not a since-replaced one). */
    boolean contains(String authorization, BasicAuthCredential credential) {
        return verified.getIfPresent(key(authorization)) == credential;
    }

    void add(String authorization, BasicAuthCredential credential) {
        verified.put(key(authorization), credential);
    }

    private static String key(String authorization) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(SECRET);
            return Base64.getEncoder().encodeToString(sha256.digest(authorization.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
