package io.portico.plugins.throttling;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One request's claim on a {@link Limiter}: a slot it holds, or its place in the queue. Its state
 * changes only under the limiter's monitor; its decision is completed after that monitor is left,
 * so whatever runs on completion never runs under a lock.
 */
final class Ticket {

    enum State {
        /** Holds a slot (granted at once, or handed over by a finishing request). */
        HOLDING,
        /** In the queue. */
        WAITING,
        /** Left the queue when its wait ran out; holds nothing. */
        TIMED_OUT,
        /** Gave its slot back, or left the queue because its request ended; holds nothing. */
        DONE,
        /** Never queued: the queue was full. */
        REFUSED
    }

    /** The answer for every request that finds no slot and no room in the queue. */
    static final Ticket REFUSED = new Ticket(null, State.REFUSED, null);

    private final Limiter limiter;
    private final CompletableFuture<Boolean> decision;
    private State state;
    private volatile ScheduledFuture<?> timer;

    private Ticket(Limiter limiter, State state, CompletableFuture<Boolean> decision) {
        this.limiter = limiter;
        this.state = state;
        this.decision = decision;
    }

    static Ticket holding(Limiter limiter) {
        return new Ticket(limiter, State.HOLDING, null);
    }

    static Ticket waiting(Limiter limiter) {
        return new Ticket(limiter, State.WAITING, new CompletableFuture<>());
    }

    /**
     * For a queued ticket: completes with true when a slot is handed over, false when the wait ran out
     * or the request ended first. Null for a ticket that held a slot from the start.
     */
    CompletableFuture<Boolean> decision() {
        return decision;
    }

    /** Gives back the slot or the place in the queue, whichever this ticket has; idempotent. */
    void release() {
        limiter.release(this);
    }

    /** Leaves the queue unless a slot was handed over already. */
    void expire() {
        limiter.expire(this);
    }

    /** The timer that expires this ticket, cancelled once the wait is over. */
    void timer(ScheduledFuture<?> value) {
        timer = value;
    }

    /** Completes the decision; call after leaving the limiter's monitor. */
    void decide(boolean granted) {
        ScheduledFuture<?> pending = timer;
        if (pending != null) {
            pending.cancel(false);
        }
        decision.complete(granted);
    }

    /** Guarded by the limiter's monitor. */
    State state() {
        return state;
    }

    /** Guarded by the limiter's monitor. */
    void state(State value) {
        state = value;
    }
}
