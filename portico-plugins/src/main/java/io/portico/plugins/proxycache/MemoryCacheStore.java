package io.portico.plugins.proxycache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.portico.plugin.CachePurge;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The memory strategy: a Caffeine cache bounded by the bytes of its entries (bodies and headers), which
 * evicts the least useful entries past the bound and drops each entry when its storage time is over.
 * Lock-free reads; safe from any event loop.
 */
final class MemoryCacheStore implements CacheStore {

    private final Cache<String, CachedResponse> entries;

    MemoryCacheStore(long maxBytes, Clock clock) {
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, CachedResponse entry) -> entry.weight())
                .expireAfter(new Expiry<String, CachedResponse>() {
                    @Override
                    public long expireAfterCreate(String key, CachedResponse entry, long currentTime) {
                        return TimeUnit.MILLISECONDS.toNanos(Math.max(0, entry.keepUntilMillis() - clock.millis()));
                    }

                    @Override
                    public long expireAfterUpdate(String key, CachedResponse entry, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, entry, currentTime);
                    }

                    @Override
                    public long expireAfterRead(String key, CachedResponse entry, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    @Override
    public boolean immediate() {
        return true;
    }

    @Override
    public CachedResponse getNow(String key) {
        return entries.getIfPresent(key);
    }

    @Override
    public CompletionStage<CachedResponse> get(String key) {
        return CompletableFuture.completedFuture(getNow(key));
    }

    @Override
    public void put(CachedResponse entry) {
        entries.put(entry.key(), entry);
    }

    /** Answers at once: the entries are this process's. */
    @Override
    public CompletionStage<Long> purge(CachePurge.Target target) {
        String value = target.value();
        long purged = switch (target.by()) {
            case KEY -> entries.asMap().remove(value) == null ? 0 : 1;
            case ROUTE -> removeIf(entry -> entry.route().equals(value));
            case TAG -> removeIf(entry -> entry.tags().contains(value));
        };
        return CompletableFuture.completedFuture(purged);
    }

    private int removeIf(Predicate<CachedResponse> matching) {
        int[] removed = {0};
        entries.asMap().values().removeIf(entry -> {
            if (matching.test(entry)) {
                removed[0]++;
                return true;
            }
            return false;
        });
        return removed[0];
    }

    long weightedSize() {
        return entries.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }

    /** Runs Caffeine's pending maintenance (evictions), for tests that check the bound. */
    void cleanUp() {
        entries.cleanUp();
    }
}
