package io.portico.plugins.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Redis: a single multiplexed connection (opened asynchronously, reopened after a failed attempt;
 * lettuce reconnects a lost one by itself), scripts run by their SHA with a fallback to EVAL,
 * and the breaker. Everything here completes on lettuce's threads; callers resume on their own.
 *
 * <p>Counters use text keys and values ({@link #run(RedisScript, String[], String[], long)}); a store made
 * by {@link RedisStores#forBinaryValues} (proxy-cache) uses a connection with byte-array keys and values
 * instead ({@link #run(RedisScript, ScriptOutputType, byte[][], byte[][], long)}, {@link #call}). Each
 * connection is opened on first use, so a store opens only the one its plugin uses.
 */
public final class RedisStore {

    private static final Logger log = LoggerFactory.getLogger(RedisStore.class);
    /** A probe keeps no request waiting, so it may wait longer than a decision. */
    private static final long PROBE_TIMEOUT_MILLIS = 1_000;

    private final RedisClient client;
    /** The plugin that uses this Redis, for logs. */
    private final String owner;
    private final List<RedisScript> preload;
    private final String address;
    private final RedisURI uri;
    /** Logs about commands that Redis refused (out of memory...) are at most one a minute. */
    private static final long REFUSAL_LOG_INTERVAL_MILLIS = 60_000;

    private final RedisBreaker breaker = new RedisBreaker();
    private final Executor probeDelay =
            CompletableFuture.delayedExecutor(RedisBreaker.PROBE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    private final AtomicReference<CompletableFuture<StatefulRedisConnection<String, String>>> connection =
            new AtomicReference<>();
    private final AtomicReference<CompletableFuture<StatefulRedisConnection<byte[], byte[]>>> binaryConnection =
            new AtomicReference<>();
    /** Warm-up and probes use the binary connection: the one this store's plugin uses. */
    private final boolean binary;
    private final AtomicLong lastRefusalLogMillis = new AtomicLong();

    RedisStore(RedisClient client, RedisURI uri, String owner, List<RedisScript> preload) {
        this(client, uri, owner, preload, false);
    }

    RedisStore(RedisClient client, RedisURI uri, String owner, List<RedisScript> preload, boolean binary) {
        this.client = client;
        this.owner = owner;
        this.preload = List.copyOf(preload);
        this.uri = uri;
        this.binary = binary;
        this.address = uri.getHost() + ":" + uri.getPort(); // for logs: never the password
    }

    /**
     * Connects and loads the scripts ahead of the first request, off the event loops, so that the first
     * decisions do not spend their timeout on a handshake. A failure here is retried by the requests.
     */
    void warmUp() {
        CompletableFuture<?> loaded = mainConnection();
        for (RedisScript script : preload) {
            loaded = loaded.thenCompose(ignored -> mainConnection())
                    .thenCompose(redis -> redis.async().scriptLoad(script.text()));
        }
        loaded.whenComplete((sha, failure) -> {
            if (failure != null) {
                log.warn("{}: cannot reach Redis at {} yet ({}); requests will retry", owner, address, describe(failure));
            }
        });
    }

    /** False while the breaker is open: decide without Redis, at once. */
    public boolean available() {
        return breaker.allowRequest();
    }

    /**
     * Runs the script; the stage completes with its reply, or with null when Redis failed or took
     * longer than the timeout. It never completes exceptionally.
     */
    public CompletableFuture<List<Object>> run(RedisScript script, String[] keys, String[] args, long timeoutMillis) {
        CompletableFuture<List<Object>> reply = connection()
                .thenCompose(redis -> evaluate(redis, script, keys, args))
                .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
        return reply.handle(this::outcome);
    }

    /**
     * Runs the script on the binary connection, with binary keys and arguments; the stage completes with
     * its reply as {@code type} reads it ({@link ScriptOutputType#INTEGER}: a Long; {@code MULTI}: a list),
     * or with null when Redis failed, took longer than the timeout, or refused the command (an error
     * reply: Redis is up, so the breaker does not count it; it is logged at most once a minute). It never
     * completes exceptionally.
     */
    public <T> CompletableFuture<T> run(RedisScript script, ScriptOutputType type, byte[][] keys, byte[][] args,
                                        long timeoutMillis) {
        CompletableFuture<T> reply = binaryConnection()
                .thenCompose(redis -> RedisStore.<byte[], byte[], T>evaluate(redis.async(), script, type, keys, args))
                .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
        return reply.handle(this::binaryOutcome);
    }

    /**
     * Runs one command on the binary connection ({@code redis -> redis.hget(key, field)}); completes like
     * {@link #run(RedisScript, ScriptOutputType, byte[][], byte[][], long)}: with the reply, or null.
     */
    public <T> CompletableFuture<T> call(Function<RedisAsyncCommands<byte[], byte[]>, RedisFuture<T>> command,
                                         long timeoutMillis) {
        CompletableFuture<T> reply = binaryConnection()
                .thenCompose(redis -> command.apply(redis.async()).toCompletableFuture())
                .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
        return reply.handle(this::binaryOutcome);
    }

    private <T> T binaryOutcome(T reply, Throwable failure) {
        if (failure != null && unwrap(failure) instanceof RedisCommandExecutionException refused) {
            breaker.succeeded();
            long now = System.currentTimeMillis();
            long last = lastRefusalLogMillis.get();
            if (now - last >= REFUSAL_LOG_INTERVAL_MILLIS && lastRefusalLogMillis.compareAndSet(last, now)) {
                log.warn("{}: Redis at {} refused a command ({}); at most one such message a minute", owner, address,
                        refused.getMessage());
            }
            return null;
        }
        return outcome(reply, failure);
    }

    private <T> T outcome(T reply, Throwable failure) {
        if (failure == null) {
            breaker.succeeded();
            return reply;
        }
        if (breaker.failed()) {
            log.warn("{}: Redis at {} failed {} times in a row ({}); requests do without it until it answers again",
                    owner, address, RedisBreaker.FAILURES_TO_OPEN, describe(failure));
            probeLater();
        }
        return null;
    }

    /** Pings Redis off the request path until it answers, then lets requests use it again. */
    private void probeLater() {
        CompletableFuture.runAsync(() -> mainConnection()
                .thenCompose(redis -> redis.async().ping())
                .orTimeout(PROBE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .whenComplete((pong, failure) -> {
                    if (failure == null) {
                        breaker.close();
                        log.info("{}: Redis at {} answers again; counting there again", owner, address);
                    } else {
                        probeLater();
                    }
                }), probeDelay);
    }

    private static CompletableFuture<List<Object>> evaluate(StatefulRedisConnection<String, String> redis,
                                                            RedisScript script, String[] keys, String[] args) {
        return evaluate(redis.async(), script, ScriptOutputType.MULTI, keys, args);
    }

    private static <K, V, T> CompletableFuture<T> evaluate(RedisAsyncCommands<K, V> redis, RedisScript script,
                                                           ScriptOutputType type, K[] keys, V[] args) {
        CompletableFuture<T> bySha = redis.<T>evalsha(script.sha(), type, keys, args).toCompletableFuture();
        return bySha.handle((reply, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(reply);
            }
            if (unwrap(failure) instanceof RedisNoScriptException) {
                // First use on this server (or after SCRIPT FLUSH): EVAL also caches it for EVALSHA.
                return redis.<T>eval(script.text(), type, keys, args).toCompletableFuture();
            }
            return CompletableFuture.<T>failedFuture(failure);
        }).thenCompose(stage -> stage);
    }

    private CompletableFuture<? extends StatefulRedisConnection<?, ?>> mainConnection() {
        return binary ? binaryConnection() : connection();
    }

    private CompletableFuture<StatefulRedisConnection<String, String>> connection() {
        return connection(connection, StringCodec.UTF8);
    }

    private CompletableFuture<StatefulRedisConnection<byte[], byte[]>> binaryConnection() {
        return connection(binaryConnection, ByteArrayCodec.INSTANCE);
    }

    private <K, V> CompletableFuture<StatefulRedisConnection<K, V>> connection(
            AtomicReference<CompletableFuture<StatefulRedisConnection<K, V>>> holder, RedisCodec<K, V> codec) {
        CompletableFuture<StatefulRedisConnection<K, V>> current = holder.get();
        if (current != null && !current.isCompletedExceptionally()) {
            return current;
        }
        CompletableFuture<StatefulRedisConnection<K, V>> opening = new CompletableFuture<>();
        if (!holder.compareAndSet(current, opening)) {
            return holder.get();
        }
        client.connectAsync(codec, uri).whenComplete((redis, failure) -> {
            if (failure == null) {
                opening.complete(redis);
            } else {
                opening.completeExceptionally(failure);
            }
        });
        return opening;
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static String describe(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof java.util.concurrent.TimeoutException ? "timed out" : cause.getClass().getSimpleName();
    }
}
