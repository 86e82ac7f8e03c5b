package io.portico.plugins.httplog;

import java.time.Duration;

/**
 * Waits between retries of a batch: {@code initial}, doubling with each retry up to {@code max}, each
 * with jitter (a random point in its upper half), so that many gateways whose endpoint came back do
 * not retry in step.
 */
record RetryBackoff(long initialNanos, long maxNanos) {

    static RetryBackoff of(QueueSettings queue) {
        return new RetryBackoff(queue.initialRetryDelay().toNanos(), queue.maxRetryDelay().toNanos());
    }

    /**
     * The wait before retry number {@code retry} (1 for the first).
     *
     * @param random uniform in [0, 1)
     */
    long delayNanos(int retry, double random) {
        long delay = initialNanos;
        for (int i = 1; i < retry && delay < maxNanos; i++) {
            delay = delay > maxNanos / 2 ? maxNanos : delay * 2;
        }
        delay = Math.min(delay, maxNanos);
        long half = delay / 2;
        return delay - half + (long) (random * half);
    }

    @Override
    public String toString() {
        return "RetryBackoff[" + Duration.ofNanos(initialNanos) + " to " + Duration.ofNanos(maxNanos) + "]";
    }
}
