package io.portico.plugins.ratelimiting;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;

/**
 * Every local counter of the process, shared by the plugin's configurations so that counts survive a
 * reload. Bounded: at most {@link #MAX_COUNTERS} entries (the least useful are evicted first), and a
 * counter expires two periods after it was last used, when its count can no longer matter.
 */
final class LocalCounters {

    /** About 250 bytes each: some 25 MB at most. */
    static final long MAX_COUNTERS = 100_000;

    /**
     * @param scope    the configured place, e.g. {@code routes[users-v1]}
     * @param identity whose requests, e.g. {@code ip:10.0.0.1}
     */
    record Key(String scope, Algorithm algorithm, Period period, String identity) {

        Counter newCounter() {
            return algorithm == Algorithm.TOKEN_BUCKET
                    ? new BucketCounter()
                    : new WindowCounter(algorithm == Algorithm.SLIDING_WINDOW);
        }
    }

    private final Cache<Key, Counter> counters;

    LocalCounters() {
        this(MAX_COUNTERS);
    }

    LocalCounters(long maxCounters) {
        this.counters = Caffeine.newBuilder()
                .maximumSize(maxCounters)
                // Two periods: a sliding window still reads the previous window's count.
                .expireAfter(Expiry.accessing((Key key, Counter counter) -> Duration.ofMillis(2 * key.period().millis())))
                .build();
    }

    Counter counter(Key key) {
        return counters.get(key, Key::newCounter);
    }

    long size() {
        counters.cleanUp();
        return counters.estimatedSize();
    }
}
