package io.portico.plugins.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * One Redis client per URL for the whole process, shared by every configuration (and kept across
 * reloads), all on two small shared I/O threads. They live as long as the plugin type.
 */
public final class RedisStores {

    private final ConcurrentMap<String, RedisStore> stores = new ConcurrentHashMap<>();
    private volatile ClientResources resources;

    private final String owner;
    private final List<RedisScript> preload;
    private final boolean binary;

    /**
     * Stores for counters: text keys and values.
     *
     * @param owner   the plugin's name, for logs
     * @param preload scripts loaded as soon as a Redis is connected, so that first requests skip EVAL
     */
    public RedisStores(String owner, List<RedisScript> preload) {
        this(owner, preload, false);
    }

    private RedisStores(String owner, List<RedisScript> preload, boolean binary) {
        this.owner = owner;
        this.preload = List.copyOf(preload);
        this.binary = binary;
    }

    /**
     * Stores whose plugin keeps binary values (byte-array keys and values, on a connection of their own):
     * the plugin uses {@link RedisStore#run(RedisScript, io.lettuce.core.ScriptOutputType, byte[][], byte[][], long)}
     * and {@link RedisStore#call}.
     */
    public static RedisStores forBinaryValues(String owner, List<RedisScript> preload) {
        return new RedisStores(owner, preload, true);
    }

    public RedisStore forUrl(String url) {
        return stores.computeIfAbsent(url, this::open);
    }

    private RedisStore open(String url) {
        RedisClient client = RedisClient.create(resources(), RedisURI.create(url));
        client.setOptions(ClientOptions.builder()
                // Fail at once while disconnected instead of queueing behind a reconnect.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(10_000)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).build())
                .build());
        RedisStore store = new RedisStore(client, RedisURI.create(url), owner, preload, binary);
        store.warmUp();
        return store;
    }

    private synchronized ClientResources resources() {
        if (resources == null) {
            resources = ClientResources.builder()
                    .ioThreadPoolSize(2)
                    .computationThreadPoolSize(2)
                    // Reconnect quickly, so that exact limiting resumes soon after Redis returns.
                    .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofMillis(500), 2, TimeUnit.MILLISECONDS))
                    .build();
        }
        return resources;
    }
}
