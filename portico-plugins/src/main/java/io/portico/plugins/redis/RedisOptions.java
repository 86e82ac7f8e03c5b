package io.portico.plugins.redis;

import io.lettuce.core.RedisURI;
import io.portico.plugin.ConfigReader;
import io.portico.plugin.RedisSettings;
import java.time.Duration;

/**
 * Where policy redis counts: the plugin's own {@code redis:} block, else the configuration's
 * {@code cluster.redis} (resolved when the plugin is created, see {@link #orCluster}).
 *
 * @param url     {@code redis://[:password@]host:port[/db]}; may hold a password, so never printed;
 *                null until resolved when the block names none
 * @param prefix  put before every key, so that several gateways (or tests) can share one Redis; null
 *                when the block names none
 * @param timeout how long a decision may wait for Redis before the plugin decides without it
 */
public record RedisOptions(String url, String prefix, Duration timeout) {

    public static final String DEFAULT_PREFIX = "portico:";

    /**
     * Reads a plugin's {@code redis:} block: {@code url}, {@code prefix}, {@code timeout}. Without a url,
     * cluster.redis is used (see {@link #orCluster}).
     */
    public static RedisOptions read(ConfigReader redis, Duration defaultTimeout) {
        String url = redis.string("url", null);
        if (url != null) {
            try {
                RedisURI.create(url);
            } catch (RuntimeException e) {
                // The value is not echoed: a Redis URL may carry a password.
                redis.problem("url", "not a Redis URL (expected: redis://host:port or rediss://host:port)");
            }
        }
        String prefix = redis.string("prefix", null);
        Duration timeout = redis.duration("timeout", defaultTimeout);
        return new RedisOptions(url, prefix, timeout);
    }

    /**
     * Fills what the block left out from {@code cluster.redis}.
     *
     * @throws IllegalArgumentException when neither names a Redis
     */
    public RedisOptions orCluster(RedisSettings cluster) {
        return orCluster(cluster, "policy: redis");
    }

    /**
     * Fills what the block left out from {@code cluster.redis}.
     *
     * @param setting the setting that asked for Redis, for the message: {@code strategy: redis}
     * @throws IllegalArgumentException when neither names a Redis
     */
    public RedisOptions orCluster(RedisSettings cluster, String setting) {
        if (url == null && cluster == null) {
            throw new IllegalArgumentException(setting + " needs cluster.redis or config.redis.url");
        }
        String resolvedUrl = url != null ? url : cluster.url();
        String resolvedPrefix = prefix != null ? prefix : url == null ? cluster.prefix() : DEFAULT_PREFIX;
        return new RedisOptions(resolvedUrl, resolvedPrefix, timeout);
    }

    @Override
    public String toString() {
        return "RedisOptions[url=(hidden), prefix=" + prefix + ", timeout=" + timeout + "]";
    }
}
