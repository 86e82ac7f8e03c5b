package io.portico.plugins.proxycache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemoryCacheStoreTest {

    private final Clock clock = Clock.systemUTC();

    private CachedResponse entry(String key, int bodyBytes, long keepMillis) {
        long now = clock.millis();
        return new CachedResponse(key, "r", 200, Map.of("content-type", "text/plain"), new byte[bodyBytes], now, 0,
                60_000, 0, now + keepMillis, List.of(), List.of(), Set.of());
    }

    @Test
    void staysWithinItsByteBound() {
        MemoryCacheStore store = new MemoryCacheStore(100_000, clock);

        for (int i = 0; i < 50; i++) {
            store.put(entry("k" + i, 10_000, 60_000));
        }
        store.cleanUp();

        assertThat(store.weightedSize()).isLessThanOrEqualTo(100_000);
        assertThat(store.weightedSize()).isGreaterThan(50_000);
    }

    @Test
    void dropsAnEntryWhoseStorageTimeIsOver() {
        MemoryCacheStore store = new MemoryCacheStore(100_000, clock);

        store.put(entry("gone", 10, -1));
        store.put(entry("kept", 10, 60_000));

        assertThat(store.getNow("gone")).isNull();
        assertThat(store.getNow("kept")).isNotNull();
    }
}
