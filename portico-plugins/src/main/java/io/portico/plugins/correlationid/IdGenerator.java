package io.portico.plugins.correlationid;

import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes ids for requests that bring none, in Kong's three styles. Thread-safe: one generator serves
 * every event loop. Ids are identifiers, not secrets, so they come from {@link ThreadLocalRandom}
 * rather than a contended {@code SecureRandom}.
 */
sealed interface IdGenerator permits IdGenerator.RandomUuid, IdGenerator.CountedUuid, IdGenerator.Tracker {

    List<String> NAMES = List.of("uuid", "uuid#counter", "tracker");

    String next();

    static IdGenerator named(String name, Clock clock) {
        return switch (name) {
            case "uuid" -> new RandomUuid();
            case "uuid#counter" -> new CountedUuid(randomUuid().toString());
            case "tracker" -> new Tracker(HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()),
                    ProcessHandle.current().pid(), clock);
            default -> throw new IllegalArgumentException("generator: " + name + " (expected: one of " + NAMES + ")");
        };
    }

    /** A version 4 (random) UUID. */
    static UUID randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xf000L) | 0x4000L;
        long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    /** {@code uuid}: a fresh random UUID per request. */
    record RandomUuid() implements IdGenerator {
        @Override
        public String next() {
            return randomUuid().toString();
        }
    }

    /** {@code uuid#counter}: one random UUID per configuration, then a sequence number; cheaper than a UUID each. */
    final class CountedUuid implements IdGenerator {
        private final String prefix;
        private final AtomicLong counter = new AtomicLong();

        CountedUuid(String uuid) {
            this.prefix = uuid + "#";
        }

        @Override
        public String next() {
            return prefix + counter.incrementAndGet();
        }
    }

    /**
     * {@code tracker}: {@code <instance>-<pid>-<sequence>-<epoch millis>}; says which process made the id
     * and when. The instance part (8 random hex digits) tells apart processes on different nodes that
     * happen to share a pid.
     */
    final class Tracker implements IdGenerator {
        private final String prefix;
        private final Clock clock;
        private final AtomicLong counter = new AtomicLong();

        Tracker(String instance, long pid, Clock clock) {
            this.prefix = instance + "-" + pid + "-";
            this.clock = clock;
        }

        @Override
        public String next() {
            return prefix + counter.incrementAndGet() + "-" + clock.millis();
        }
    }
}
