package io.portico.plugins.oauth2introspection;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Introspection results, cached by the SHA-256 of the token (the cache never holds a token). Active
 * tokens are kept until their {@code exp} or {@code ttl}, whichever comes first; inactive ones for
 * {@link #INACTIVE_TTL} at most, so a flood of bad tokens costs one call per token, not per request.
 * Failures are not cached. Requests for a token whose call is in flight share that call.
 *
 * <p>Thread-safe. Time comes from the given clock, so tests can move it.
 */
final class TokenIntrospector {

    /** The authorization server as the cache sees it: the HTTP client, or a test double. */
    @FunctionalInterface
    interface Endpoint {
        /** Completes with the result, or exceptionally; must complete within a bounded time. */
        CompletableFuture<Introspection> introspect(String token);
    }

    static final long MAX_ENTRIES = 10_000;
    static final Duration INACTIVE_TTL = Duration.ofSeconds(10);

    /**
     * A call's outcome as cached. A failure is a value here, not a failed future, so that it stays
     * only until the requests waiting for the call have it (it expires at once) and the cache does
     * not log it again (the client already did).
     */
    private record Settled(Introspection introspection, Throwable failure) {}

    private final AsyncCache<String, Settled> cache;
    private final Endpoint endpoint;
    private final Clock clock;
    private final long ttlMillis;
    private final long inactiveTtlMillis;

    TokenIntrospector(Endpoint endpoint, Clock clock, Duration ttl) {
        this.endpoint = endpoint;
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
        this.inactiveTtlMillis = Math.min(ttlMillis, INACTIVE_TTL.toMillis());
        this.cache = Caffeine.newBuilder()
                .maximumSize(MAX_ENTRIES)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfter(new Expiry<String, Settled>() {
                    @Override
                    public long expireAfterCreate(String key, Settled value, long currentTime) {
                        return cacheNanos(value);
                    }

                    @Override
                    public long expireAfterUpdate(String key, Settled value, long currentTime, long currentDuration) {
                        return cacheNanos(value);
                    }

                    @Override
                    public long expireAfterRead(String key, Settled value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .buildAsync();
    }

    /**
     * The result for the token: at once from the cache, or shared with a call already in flight,
     * or from a new call. The future may complete on another thread.
     */
    CompletableFuture<Introspection> introspect(String token) {
        return cache.get(key(token), (key, executor) -> endpoint.introspect(token).handle(Settled::new))
                .thenApply(TokenIntrospector::unwrap);
    }

    private static Introspection unwrap(Settled settled) {
        if (settled.failure() == null) {
            return settled.introspection();
        }
        throw settled.failure() instanceof CompletionException completion
                ? completion : new CompletionException(settled.failure());
    }

    private long cacheNanos(Settled settled) {
        return settled.failure() != null ? 0
                : TimeUnit.MILLISECONDS.toNanos(cacheMillis(settled.introspection(), clock.millis()));
    }

    /** How long a result may be served from the cache, from {@code nowMillis}. */
    long cacheMillis(Introspection result, long nowMillis) {
        if (!result.activeAt(nowMillis)) {
            return inactiveTtlMillis;
        }
        long untilExpiry = result.expiresAtMillis() - nowMillis;
        return Math.max(0, Math.min(untilExpiry, ttlMillis));
    }

    /** The cache key: base64url of the token's SHA-256. */
    static String key(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e); // every Java runtime has it
        }
    }
}
