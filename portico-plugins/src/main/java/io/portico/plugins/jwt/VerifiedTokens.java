package io.portico.plugins.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;

/**
 * Tokens already verified by one configured plugin, so that a repeated token (an RS256 signature costs
 * tens of microseconds) is not verified again on every request. Keyed by the token's SHA-256, never the
 * token itself; an entry lives until the token's exp or for {@link #MAX_AGE}, whichever comes first, and
 * is checked against the clock again when read. Only accepted tokens are kept, so refused ones cannot
 * fill it. Thread-safe.
 */
final class VerifiedTokens {

    static final int MAX_ENTRIES = 10_000;
    static final Duration MAX_AGE = Duration.ofMinutes(5);

    private static final MessageDigest SHA_256 = sha256();

    private final Clock clock;
    private final Cache<ByteBuffer, VerifiedToken> cache;

    VerifiedTokens(Clock clock) {
        this.clock = clock;
        this.cache = Caffeine.newBuilder()
                .maximumSize(MAX_ENTRIES)
                .expireAfter(Expiry.<ByteBuffer, VerifiedToken>creating(
                        (key, token) -> Duration.ofMillis(Math.max(0, token.validUntilMillis() - clock.millis()))))
                .build();
    }

    static ByteBuffer key(String token) {
        try {
            MessageDigest digest = (MessageDigest) SHA_256.clone();
            return ByteBuffer.wrap(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 cannot be cloned", e);
        }
    }

    /** The token's verdict while it holds, or null. */
    VerifiedToken get(ByteBuffer key) {
        VerifiedToken token = cache.getIfPresent(key);
        if (token != null && clock.millis() >= token.validUntilMillis()) {
            cache.invalidate(key);
            return null;
        }
        return token;
    }

    /** Until when a token verified now may be served from the cache: its exp, at most {@link #MAX_AGE}. */
    long validUntil(long expiresAtMillis) {
        long latest = clock.millis() + MAX_AGE.toMillis();
        return expiresAtMillis < 0 ? latest : Math.min(expiresAtMillis, latest);
    }

    void put(ByteBuffer key, VerifiedToken token) {
        if (token.validUntilMillis() > clock.millis()) {
            cache.put(key, token);
        }
    }

    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
