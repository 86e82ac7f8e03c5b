package io.portico.plugins.ratelimiting;

import io.portico.plugins.redis.RedisOptions;
import io.portico.plugins.redis.RedisStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Decides with counts in Redis: one {@link LimitScript} call per request. Keys look like
 * {@code portico:ratelimit:sliding-window:{routes[users]|ip:10.0.0.1}:minute:29334561}; the braces keep one identity's
 * keys in one Redis Cluster slot, and every key expires once its window can no longer matter.
 */
final class RedisLimiter {

    /** Longer identities (header values, paths) are hashed, so that a key stays short. */
    private static final int MAX_PLAIN_IDENTITY = 128;

    private final RedisStore store;
    private final String keyPrefix;
    private final long timeoutMillis;
    private final Algorithm algorithm;
    private final Limit[] limits;
    private final String[] staticArgs;

    RedisLimiter(RedisStore store, RedisOptions settings, String scope, Algorithm algorithm, List<Limit> limits) {
        this.store = store;
        this.keyPrefix = settings.prefix() + "ratelimit:" + algorithm.configName() + ":{" + scope + "|";
        this.timeoutMillis = settings.timeout().toMillis();
        this.algorithm = algorithm;
        this.limits = limits.toArray(new Limit[0]);
        this.staticArgs = new String[2 + 3 * this.limits.length];
        staticArgs[1] = algorithm.configName();
        for (int i = 0; i < this.limits.length; i++) {
            staticArgs[2 + 3 * i] = Long.toString(this.limits[i].count());
            staticArgs[3 + 3 * i] = Long.toString(this.limits[i].period().millis());
            staticArgs[4 + 3 * i] = Long.toString(this.limits[i].capacity());
        }
    }

    /** False while Redis's breaker is open. */
    boolean available() {
        return store.available();
    }

    /** Completes (on a Redis thread) with the decision, or with null when Redis failed. */
    CompletableFuture<Decision> decide(String identity, long nowMillis) {
        String base = keyPrefix + (identity.length() <= MAX_PLAIN_IDENTITY ? identity : "sha256:" + sha256(identity)) + "}:";
        String[] keys = new String[2 * limits.length];
        for (int i = 0; i < limits.length; i++) {
            Period period = limits[i].period();
            if (algorithm == Algorithm.TOKEN_BUCKET) {
                keys[2 * i] = base + period.key();
                keys[2 * i + 1] = keys[2 * i];
            } else {
                long window = Math.floorDiv(nowMillis, period.millis());
                keys[2 * i] = base + period.key() + ":" + window;
                keys[2 * i + 1] = base + period.key() + ":" + (window - 1);
            }
        }
        String[] args = staticArgs.clone();
        args[0] = Long.toString(nowMillis);
        return store.run(LimitScript.INSTANCE, keys, args, timeoutMillis)
                .thenApply(reply -> reply == null ? null : decision(reply, nowMillis));
    }

    private Decision decision(List<Object> reply, long nowMillis) {
        boolean allowed = ((Number) reply.get(0)).longValue() == 1;
        PeriodUsage[] usages = new PeriodUsage[limits.length];
        for (int i = 0; i < limits.length; i++) {
            String first = text(reply.get(1 + 2 * i));
            String second = text(reply.get(2 + 2 * i));
            usages[i] = algorithm == Algorithm.TOKEN_BUCKET
                    ? PeriodUsage.bucket(limits[i], Double.parseDouble(first))
                    : PeriodUsage.window(limits[i], algorithm == Algorithm.SLIDING_WINDOW, Long.parseLong(second),
                            Long.parseLong(first), nowMillis);
        }
        return new Decision(allowed, usages);
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    private static String sha256(String identity) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
