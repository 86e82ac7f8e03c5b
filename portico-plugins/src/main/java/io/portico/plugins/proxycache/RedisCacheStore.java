package io.portico.plugins.proxycache;

import io.lettuce.core.ScriptOutputType;
import io.portico.plugin.CachePurge;
import io.portico.plugins.redis.RedisOptions;
import io.portico.plugins.redis.RedisStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The redis strategy: entries in a Redis shared by every node, so that a copy stored through one node is
 * a hit on the others and a purge sent to any node removes it everywhere. Keys, under the configured
 * prefix: {@code cache:<key>} (an entry, see {@link RedisCacheScripts}), {@code cache:route:<route>} and
 * {@code cache:tag:<tag>} (index sets).
 *
 * <p>Redis is never waited for longer than {@code redis.timeout}: a lookup that fails, times out or
 * meets the open breaker completes with no entry (a miss), and a store that fails is dropped. Values
 * are decoded on lettuce's thread; one that does not decode is no entry.
 */
final class RedisCacheStore implements CacheStore {

    static final String ENTRY = "cache:";
    static final String ROUTE_INDEX = "cache:route:";
    static final String TAG_INDEX = "cache:tag:";
    /** Entries a purge deletes per script call. */
    static final int PURGE_BATCH = 500;
    /** A purge runs off the request path, under the admin API's own bound (5 s). */
    static final long PURGE_TIMEOUT_MILLIS = 4_000;

    private static final byte[] VALUE_FIELD = {'v'};
    private static final byte[][] NO_ARGS = new byte[0][];
    private static final byte[] PURGE_BATCH_ARG = ascii(Integer.toString(PURGE_BATCH));
    private static final CompletionStage<CachedResponse> NO_ENTRY = CompletableFuture.completedStage(null);

    private final RedisStore redis;
    private final String prefix;
    private final long timeoutMillis;
    private final Clock clock;

    /** @param options resolved (url and prefix set) */
    RedisCacheStore(RedisStore redis, RedisOptions options, Clock clock) {
        this.redis = redis;
        this.prefix = options.prefix();
        this.timeoutMillis = options.timeout().toMillis();
        this.clock = clock;
    }

    @Override
    public boolean immediate() {
        return false;
    }

    @Override
    public CompletionStage<CachedResponse> get(String key) {
        if (!redis.available()) {
            return NO_ENTRY;
        }
        byte[] entryKey = utf8(prefix + ENTRY + key);
        return redis.<byte[]>call(commands -> commands.hget(entryKey, VALUE_FIELD), timeoutMillis)
                .thenApply(value -> value == null ? null : CachedResponseFormat.read(key, value));
    }

    @Override
    public void put(CachedResponse entry) {
        long keepMillis = entry.keepUntilMillis() - clock.millis();
        if (keepMillis <= 0 || !redis.available()) {
            return;
        }
        byte[][] keys = new byte[2 + entry.tags().size()][];
        keys[0] = utf8(prefix + ENTRY + entry.key());
        keys[1] = utf8(prefix + ROUTE_INDEX + entry.route());
        int i = 2;
        for (String tag : entry.tags()) {
            keys[i++] = utf8(prefix + TAG_INDEX + tag);
        }
        byte[][] args = {CachedResponseFormat.write(entry), ascii(Long.toString(keepMillis))};
        // Fire and forget: a store that fails is dropped (the breaker counts it); nobody waits for it.
        redis.run(RedisCacheScripts.PUT, ScriptOutputType.INTEGER, keys, args, timeoutMillis);
    }

    @Override
    public CompletionStage<Long> purge(CachePurge.Target target) {
        return switch (target.by()) {
            case KEY -> redis.<Long>run(RedisCacheScripts.PURGE_KEY, ScriptOutputType.INTEGER,
                    new byte[][] {utf8(prefix + ENTRY + target.value())}, NO_ARGS, PURGE_TIMEOUT_MILLIS)
                    .thenApply(RedisCacheStore::answered);
            case ROUTE -> purgeIndex(utf8(prefix + ROUTE_INDEX + target.value()), 0, clock.millis() + PURGE_TIMEOUT_MILLIS);
            case TAG -> purgeIndex(utf8(prefix + TAG_INDEX + target.value()), 0, clock.millis() + PURGE_TIMEOUT_MILLIS);
        };
    }

    /** Deletes the index's entries a batch at a time; fails (a purge must not look done) when Redis does not answer. */
    private CompletableFuture<Long> purgeIndex(byte[] index, long purgedSoFar, long deadlineMillis) {
        return redis.<List<Object>>run(RedisCacheScripts.PURGE_INDEX, ScriptOutputType.MULTI, new byte[][] {index},
                new byte[][] {PURGE_BATCH_ARG}, PURGE_TIMEOUT_MILLIS).thenCompose(reply -> {
                    List<Object> answer = answered(reply);
                    long purged = purgedSoFar + ((Number) answer.get(0)).longValue();
                    if (((Number) answer.get(1)).longValue() == 0) {
                        return CompletableFuture.completedFuture(purged);
                    }
                    if (clock.millis() > deadlineMillis) {
                        throw new IllegalStateException("the purge did not finish in time");
                    }
                    return purgeIndex(index, purged, deadlineMillis);
                });
    }

    private static <T> T answered(T reply) {
        if (reply == null) {
            throw new IllegalStateException("Redis did not answer the purge");
        }
        return reply;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
