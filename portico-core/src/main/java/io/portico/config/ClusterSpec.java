package io.portico.config;

import io.portico.plugin.RedisSettings;

/**
 * The {@code cluster:} section: for now, the Redis that nodes share for counters (rate limits,
 * quotas). Absent: a single node with nothing shared.
 *
 * @param redis the shared Redis and the prefix of every key Portico writes there; null when not set
 */
public record ClusterSpec(RedisSettings redis) {

    public static final ClusterSpec NONE = new ClusterSpec(null);
}
