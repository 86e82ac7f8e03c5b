package io.portico.plugins.quota;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * Every local count of the process, kept by the plugin type so that counts survive a reload. Bounded:
 * at most {@link #MAX_CONSUMERS} counts (the least used are evicted first, and an evicted consumer
 * starts again from zero), and a count unused for longer than a month is dropped, as its periods have
 * all ended.
 */
final class LocalQuotas {

    static final long MAX_CONSUMERS = 100_000;

    /** The longest period (a 31-day month) and a day to spare. */
    private static final Duration IDLE_EXPIRY = Duration.ofDays(32);

    /**
     * @param scope    the configured place, e.g. {@code route orders}
     * @param username the consumer
     */
    record Key(String scope, String username) {}

    private final Cache<Key, ConsumerCount> counts;

    LocalQuotas() {
        this(MAX_CONSUMERS);
    }

    LocalQuotas(long maxConsumers) {
        this.counts = Caffeine.newBuilder().maximumSize(maxConsumers).expireAfterAccess(IDLE_EXPIRY).build();
    }

    /** The count, created at zero when there is none. */
    ConsumerCount count(Key key) {
        return counts.get(key, ignored -> new ConsumerCount());
    }

    /** The count, or null when the consumer has not called since it was dropped. */
    ConsumerCount existing(Key key) {
        return counts.getIfPresent(key);
    }

    long size() {
        counts.cleanUp();
        return counts.estimatedSize();
    }
}
