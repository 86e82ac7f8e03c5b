package io.portico.plugins.throttling;

import java.time.Duration;

/**
 * The {@code throttling} config.
 *
 * @param maxConcurrent     requests in flight at once per key
 * @param queueSize         requests that may wait for a slot per key; 0 refuses at once
 * @param queueTimeout      how long a request waits for a slot before it is refused
 * @param limitBy           what one limit counts
 * @param retryAfterSeconds the {@code Retry-After} value of a refusal
 */
record ThrottlingConfig(int maxConcurrent, int queueSize, Duration queueTimeout, LimitBy limitBy,
                        int retryAfterSeconds) {

    /** What shares one limit. */
    enum LimitBy {
        /** Each route its own limit (also when the plugin is global or on a service). */
        ROUTE("route"),
        /** Each consumer its own limit; requests without a consumer by client IP. */
        CONSUMER("consumer"),
        /** The routes of a service share one limit; a route without a service counts alone. */
        SERVICE("service");

        private final String configName;

        LimitBy(String configName) {
            this.configName = configName;
        }

        String configName() {
            return configName;
        }
    }
}
