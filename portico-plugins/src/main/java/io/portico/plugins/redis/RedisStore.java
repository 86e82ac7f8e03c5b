package io.portico.plugins.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Redis: a single multiplexed connection (opened asynchronously, reopened after a failed attempt;
 * lettuce reconnects a lost one by itself), scripts run by their SHA with a fallback to EVAL,
 * and the breaker. Everything here completes on lettuce's threads; callers resume on their own.
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
    private final RedisBreaker breaker = new RedisBreaker();
    private final Executor probeDelay =
            CompletableFuture.delayedExecutor(RedisBreaker.PROBE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    private final AtomicReference<CompletableFuture<StatefulRedisConnection<String, String>>> connection =
            new AtomicReference<>();

    RedisStore(RedisClient client, RedisURI uri, String owner, List<RedisScript> preload) {
        this.client = client;
        this.owner = owner;
        this.preload = List.copyOf(preload);
        this.uri = uri;
        this.address = uri.getHost() + ":" + uri.getPort(); // for logs: never the password
    }

    /**
     * Connects and loads the scripts ahead of the first request, off the event loops, so that the first
     * decisions do not spend their timeout on a handshake. A failure here is retried by the requests.
     */
    void warmUp() {
        CompletableFuture<?> loaded = connection();
        for (RedisScript script : preload) {
            loaded = loaded.thenCompose(ignored -> connection())
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

    private List<Object> outcome(List<Object> reply, Throwable failure) {
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
        CompletableFuture.runAsync(() -> connection()
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
        CompletableFuture<List<Object>> bySha = redis.async()
                .<List<Object>>evalsha(script.sha(), ScriptOutputType.MULTI, keys, args)
                .toCompletableFuture();
        return bySha.handle((reply, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(reply);
            }
            if (unwrap(failure) instanceof RedisNoScriptException) {
                // First use on this server (or after SCRIPT FLUSH): EVAL also caches it for EVALSHA.
                return redis.async()
                        .<List<Object>>eval(script.text(), ScriptOutputType.MULTI, keys, args)
                        .toCompletableFuture();
            }
            return CompletableFuture.<List<Object>>failedFuture(failure);
        }).thenCompose(stage -> stage);
    }

    private CompletableFuture<StatefulRedisConnection<String, String>> connection() {
        CompletableFuture<StatefulRedisConnection<String, String>> current = connection.get();
        if (current != null && !current.isCompletedExceptionally()) {
            return current;
        }
        CompletableFuture<StatefulRedisConnection<String, String>> opening = new CompletableFuture<>();
        if (!connection.compareAndSet(current, opening)) {
            return connection.get();
        }
        client.connectAsync(StringCodec.UTF8, uri).whenComplete((redis, failure) -> {
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
