package io.portico.plugins.httplog;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.Quantities;
import java.time.Duration;

/**
 * {@code queue:} of http-log (Kong's keys).
 *
 * @param maxBatchSize       entries per request body at most
 * @param maxCoalescingDelay how long a batch may wait to fill up once it has its first entry (0: send what is there)
 * @param maxEntries         entries waiting to be sent; more are dropped and counted
 * @param maxRetryTime       how long a batch is retried before it is dropped and counted
 * @param initialRetryDelay  the wait before the first retry; it doubles with every retry
 * @param maxRetryDelay      the longest wait between retries
 */
record QueueSettings(int maxBatchSize, Duration maxCoalescingDelay, int maxEntries, Duration maxRetryTime,
                     Duration initialRetryDelay, Duration maxRetryDelay) {

    static final QueueSettings DEFAULT = new QueueSettings(100, Duration.ofSeconds(1), 10_000, Duration.ofSeconds(60),
            Duration.ofMillis(100), Duration.ofSeconds(30));

    static QueueSettings read(ConfigReader queue) {
        int maxBatchSize = queue.integer("max_batch_size", DEFAULT.maxBatchSize, 1, 10_000);
        Duration maxCoalescingDelay = durationOrZero(queue, "max_coalescing_delay", DEFAULT.maxCoalescingDelay);
        int maxEntries = queue.integer("max_entries", DEFAULT.maxEntries, 1, 1_000_000);
        Duration maxRetryTime = queue.duration("max_retry_time", DEFAULT.maxRetryTime);
        Duration initialRetryDelay = queue.duration("initial_retry_delay", DEFAULT.initialRetryDelay);
        Duration maxRetryDelay = queue.duration("max_retry_delay", DEFAULT.maxRetryDelay);
        atMost(queue, "max_coalescing_delay", maxCoalescingDelay, Duration.ofHours(1));
        atMost(queue, "max_retry_time", maxRetryTime, Duration.ofDays(7));
        atMost(queue, "initial_retry_delay", initialRetryDelay, Duration.ofHours(1));
        atMost(queue, "max_retry_delay", maxRetryDelay, Duration.ofHours(1));
        if (initialRetryDelay.compareTo(maxRetryDelay) > 0) {
            queue.expected("initial_retry_delay", "<= max_retry_delay (" + Quantities.format(maxRetryDelay) + ")");
        }
        return new QueueSettings(maxBatchSize, maxCoalescingDelay, maxEntries, maxRetryTime, initialRetryDelay,
                maxRetryDelay);
    }

    private static void atMost(ConfigReader queue, String key, Duration value, Duration limit) {
        if (value.compareTo(limit) > 0) {
            queue.expected(key, "<= " + Quantities.format(limit));
        }
    }

    /** A duration that may also be {@code 0} (Kong allows no coalescing at all). */
    private static Duration durationOrZero(ConfigReader queue, String key, Duration defaultValue) {
        Object value = queue.value(key);
        if (value == null) {
            return defaultValue;
        }
        Duration duration = value instanceof String text ? Quantities.parseDuration(text) : null;
        if (Integer.valueOf(0).equals(value) || "0".equals(value)) {
            duration = Duration.ZERO;
        }
        if (duration == null) {
            queue.expected(key, Quantities.DURATION_RULE + ", or 0");
            return defaultValue;
        }
        return duration;
    }
}
