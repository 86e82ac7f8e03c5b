package io.portico.plugins.ratelimiting;

import java.time.Duration;

/**
 * Where policy redis counts.
 *
 * @param url     {@code redis://[:password@]host:port[/db]}; may hold a password, so never printed
 * @param prefix  put before every key, so that several gateways (or tests) can share one Redis
 * @param timeout how long a decision may wait for Redis before on_redis_failure decides instead
 */
record RedisSettings(String url, String prefix, Duration timeout) {

    @Override
    public String toString() {
        return "RedisSettings[url=(hidden), prefix=" + prefix + ", timeout=" + timeout + "]";
    }
}
