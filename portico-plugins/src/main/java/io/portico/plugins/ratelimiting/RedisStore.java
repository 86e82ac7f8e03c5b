package io.portico.plugins.ratelimiting;

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
 * lettuce reconnects a lost one by itself), the limit script run by its SHA with a fallback to EVAL,
 * and the breaker. Everything here completes on lettuce's threads; callers resume on their own.
 */
final class RedisStore {

    private static final Logger log = LoggerFactory.getLogger(RedisStore.class);
    /** A probe keeps no request waiting, so it may wait longer than a decision. */
    private static final long PROBE_TIMEOUT_MILLIS = 1_000;

    private final RedisClient client;
    private final String address;
    private final RedisURI uri;
    private final RedisBreaker breaker = new RedisBreaker();
    private final Executor probeDelay =
            CompletableFuture.delayedExecutor(RedisBreaker.PROBE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    private final AtomicReference<CompletableFuture<StatefulRedisConnection<String, String>>> connection =
            new AtomicReference<>();

    RedisStore(RedisClient client, RedisURI uri) {
        this.client = client;
        this.uri = uri;
        this.address = uri.getHost() + ":" + uri.getPort(); // for logs: never the password
    }

    /**
     * Connects and loads the script ahead of the first request, off the event loops, so that the first
     * decisions do not spend their timeout on a handshake. A failure here is retried by the requests.
     */
    void warmUp() {
        connection()
                .thenCompose(redis -> redis.async().scriptLoad(LimitScript.INSTANCE.text()))
                .whenComplete((sha, failure) -> {
                    if (failure != null) {
                        log.warn("rate-limiting: cannot reach Redis at {} yet ({}); requests will retry",
                                address, describe(failure));
                    }
                });
    }

    /** False while the breaker is open: decide without Redis, at once. */
    boolean available() {
        return breaker.allowRequest();
    }

    /**
     * Runs the script; the stage completes with its reply, or with null when Redis failed or took
     * longer than the timeout. It never completes exceptionally.
     */
    CompletableFuture<List<Object>> run(LimitScript script, String[] keys, String[] args, long timeoutMillis) {
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
            log.warn("rate-limiting: Redis at {} failed {} times in a row ({}); on_redis_failure decides until it "
                    + "answers again", address, RedisBreaker.FAILURES_TO_OPEN, describe(failure));
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
                        log.info("rate-limiting: Redis at {} answers again; counting there again", address);
                    } else {
                        probeLater();
                    }
                }), probeDelay);
    }

    private static CompletableFuture<List<Object>> evaluate(StatefulRedisConnection<String, String> redis,
                                                            LimitScript script, String[] keys, String[] args) {
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
