package io.portico.plugins.opentelemetry;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Random trace and span ids, and their lower-case hex form. Ids are identifiers, not secrets: like the
 * OpenTelemetry SDK's default generator, they come from {@link ThreadLocalRandom}, which costs nothing
 * on an event loop.
 */
final class TraceIds {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TraceIds() {}

    /** A random, non-zero 64-bit id: a span id, or the low half of a trace id (which keeps the trace id non-zero). */
    static long randomNonZero() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long id;
        do {
            id = random.nextLong();
        } while (id == 0);
        return id;
    }

    /** Any random 64-bit value: the high half of a trace id. */
    static long random() {
        return ThreadLocalRandom.current().nextLong();
    }

    /** Appends the 16 lower-case hex digits of {@code id}. */
    static StringBuilder appendHex(StringBuilder out, long id) {
        for (int shift = 60; shift >= 0; shift -= 4) {
            out.append(HEX[(int) (id >>> shift) & 0xf]);
        }
        return out;
    }

    static String spanIdHex(long spanId) {
        return appendHex(new StringBuilder(16), spanId).toString();
    }

    static String traceIdHex(long high, long low) {
        return appendHex(appendHex(new StringBuilder(32), high), low).toString();
    }
}
