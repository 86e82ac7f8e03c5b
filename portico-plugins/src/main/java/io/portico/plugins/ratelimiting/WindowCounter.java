package io.portico.plugins.ratelimiting;

import java.util.concurrent.atomic.AtomicReference;

/** Fixed and sliding windows: this window's count and the previous one's. */
final class WindowCounter implements Counter {

    private record State(long window, long previous, long current) {

        /** The state seen from {@code window}: counts of older windows move back or drop out. */
        State at(long now) {
            if (now == window) {
                return this;
            }
            return new State(now, now == window + 1 ? current : 0, 0);
        }
    }

    private final boolean sliding;
    private final AtomicReference<State> state = new AtomicReference<>(new State(Long.MIN_VALUE / 2, 0, 0));

    WindowCounter(boolean sliding) {
        this.sliding = sliding;
    }

    @Override
    public PeriodUsage acquire(Limit limit, long nowMillis) {
        long window = Math.floorDiv(nowMillis, limit.period().millis());
        while (true) {
            State seen = state.get();
            State now = seen.at(window);
            PeriodUsage usage = PeriodUsage.window(limit, sliding, now.previous(), now.current(), nowMillis);
            if (!usage.allows()) {
                return usage;
            }
            if (state.compareAndSet(seen, new State(window, now.previous(), now.current() + 1))) {
                return usage;
            }
        }
    }

    @Override
    public PeriodUsage peek(Limit limit, long nowMillis) {
        State now = state.get().at(Math.floorDiv(nowMillis, limit.period().millis()));
        return PeriodUsage.window(limit, sliding, now.previous(), now.current(), nowMillis);
    }

    @Override
    public void release(Limit limit, long acquiredAtMillis) {
        long acquired = Math.floorDiv(acquiredAtMillis, limit.period().millis());
        while (true) {
            State seen = state.get();
            State next;
            if (seen.window() == acquired && seen.current() > 0) {
                next = new State(seen.window(), seen.previous(), seen.current() - 1);
            } else if (seen.window() == acquired + 1 && seen.previous() > 0) {
                next = new State(seen.window(), seen.previous() - 1, seen.current());
            } else {
                return; // the window it was counted in no longer matters
            }
            if (state.compareAndSet(seen, next)) {
                return;
            }
        }
    }
}
