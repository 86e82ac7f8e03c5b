package io.portico.plugins.ratelimiting;

import java.util.concurrent.atomic.AtomicReference;

/** A token bucket that starts full, refills at count per period and holds at most the capacity. */
final class BucketCounter implements Counter {

    private record State(double tokens, long atMillis) {}

    private final AtomicReference<State> state = new AtomicReference<>();

    @Override
    public PeriodUsage acquire(Limit limit, long nowMillis) {
        while (true) {
            State seen = state.get();
            double tokens = refilled(seen, limit, nowMillis);
            PeriodUsage usage = PeriodUsage.bucket(limit, tokens);
            if (!usage.allows()) {
                return usage;
            }
            if (state.compareAndSet(seen, new State(tokens - 1, Math.max(nowMillis, at(seen, nowMillis))))) {
                return usage;
            }
        }
    }

    @Override
    public PeriodUsage peek(Limit limit, long nowMillis) {
        return PeriodUsage.bucket(limit, refilled(state.get(), limit, nowMillis));
    }

    @Override
    public void release(Limit limit, long acquiredAtMillis) {
        while (true) {
            State seen = state.get();
            if (seen == null) {
                return;
            }
            State next = new State(Math.min(limit.capacity(), seen.tokens() + 1), seen.atMillis());
            if (state.compareAndSet(seen, next)) {
                return;
            }
        }
    }

    private static double refilled(State state, Limit limit, long nowMillis) {
        if (state == null) {
            return limit.capacity();
        }
        long elapsed = Math.max(0, nowMillis - state.atMillis());
        return Math.min(limit.capacity(), state.tokens() + (double) elapsed * limit.count() / limit.period().millis());
    }

    /** Time never runs backwards for a bucket: a clock step back must not mint tokens later. */
    private static long at(State state, long nowMillis) {
        return state == null ? nowMillis : state.atMillis();
    }
}
