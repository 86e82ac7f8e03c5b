package io.portico.plugin;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/** What a plugin may use, given when it is created. Everything here outlives the configuration. */
public interface PluginContext {

    /** Where the plugin is configured, for log messages: {@code route users-v1}, {@code global}. */
    String scope();

    /** Every consumer's credential of the given type, in configuration order. */
    <K extends Credential> List<ConsumerCredential<K>> credentials(Class<K> type);

    /** A consumer by username, or null (names read with {@link ConfigReader#consumer} always exist). */
    Consumer consumer(String username);

    /**
     * A bounded pool for work that would block an event loop (slow password hashes, for example).
     * It rejects work when its queue is full: treat a rejection as "try again later" (503).
     */
    Executor blockingExecutor();

    /** For timers (refreshes, expiries); tasks must be short and must not block. */
    ScheduledExecutorService scheduler();

    /** An asynchronous HTTP client with the JDK's default trust store (for JWKS, introspection...). */
    HttpClient httpClient();

    Clock clock();

    /** The process's metrics, served on {@code GET /metrics}; families outlive configurations. */
    Metrics metrics();

    /** The configuration's {@code cluster.redis} (with its key prefix), or null when it has none. */
    RedisSettings clusterRedis();
}
