package io.portico.plugins.throttling;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The limiters of one plugin instance, one per key. A key is in the map only while it has requests in
 * flight or waiting, so the map is bounded by the requests Portico is handling.
 */
final class Limiters {

    private final ConcurrentHashMap<String, Limiter> byKey = new ConcurrentHashMap<>();
    private final Function<String, Limiter> create;

    Limiters(int maxConcurrent, int queueSize) {
        this.create = key -> new Limiter(key, maxConcurrent, queueSize, byKey);
    }

    /** A ticket holding a slot or waiting for one, or {@link Ticket#REFUSED} when the key's queue is full. */
    Ticket acquire(String key) {
        while (true) {
            Limiter limiter = byKey.get(key);
            if (limiter == null) {
                limiter = byKey.computeIfAbsent(key, create);
            }
            Ticket ticket = limiter.acquire();
            if (ticket != null) {
                return ticket;
            }
            // It went idle between the lookup and acquire(); its releaser may not have removed it yet.
            byKey.remove(key, limiter);
        }
    }

    /** The key's limiter, or null when the key is idle. */
    Limiter limiter(String key) {
        return byKey.get(key);
    }

    /** Keys with requests in flight or waiting. */
    int keys() {
        return byKey.size();
    }
}
