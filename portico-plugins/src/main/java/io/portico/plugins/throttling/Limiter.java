package io.portico.plugins.throttling;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentMap;

/**
 * The slots and the FIFO queue of one key. Threading: requests of every event loop take and give back
 * slots, so the counters and the queue are guarded by this object's monitor, held only for a few field
 * updates; decisions are completed after the monitor is left. Once nothing is in flight or waiting the
 * limiter retires and leaves the map, so idle keys cost no memory; a request that finds a retired
 * limiter makes a fresh one.
 */
final class Limiter {

    private final String key;
    private final int maxConcurrent;
    private final int queueSize;
    private final ConcurrentMap<String, Limiter> home;
    /** WAITING tickets only, oldest first: a ticket leaves it when granted, timed out or abandoned. */
    private final ArrayDeque<Ticket> waiters = new ArrayDeque<>();
    private int inFlight;
    private boolean retired;

    Limiter(String key, int maxConcurrent, int queueSize, ConcurrentMap<String, Limiter> home) {
        this.key = key;
        this.maxConcurrent = maxConcurrent;
        this.queueSize = queueSize;
        this.home = home;
    }

    String key() {
        return key;
    }

    /**
     * A ticket holding a slot, a ticket waiting in the queue, {@link Ticket#REFUSED} when the queue is
     * full, or null when this limiter has retired (the caller takes a fresh one from the map).
     */
    synchronized Ticket acquire() {
        if (retired) {
            return null;
        }
        if (inFlight < maxConcurrent) {
            inFlight++;
            return Ticket.holding(this);
        }
        if (waiters.size() < queueSize) {
            Ticket ticket = Ticket.waiting(this);
            waiters.addLast(ticket);
            return ticket;
        }
        return Ticket.REFUSED;
    }

    /**
     * A held slot goes to the oldest waiter, or becomes free; a place in the queue is given up. A
     * ticket that holds nothing any more (timed out, released before) changes nothing.
     */
    void release(Ticket ticket) {
        Ticket next = null;
        boolean abandoned = false;
        boolean leave;
        synchronized (this) {
            switch (ticket.state()) {
                case HOLDING -> {
                    ticket.state(Ticket.State.DONE);
                    next = waiters.pollFirst();
                    if (next == null) {
                        inFlight--;
                    } else {
                        next.state(Ticket.State.HOLDING); // the slot changes hands; inFlight stays
                    }
                }
                case WAITING -> {
                    waiters.remove(ticket);
                    ticket.state(Ticket.State.DONE);
                    abandoned = true;
                }
                default -> {
                    // TIMED_OUT or DONE: holds nothing
                }
            }
            leave = retireIfIdle();
        }
        if (leave) {
            home.remove(key, this);
        }
        if (next != null) {
            next.decide(true);
        }
        if (abandoned) {
            ticket.decide(false); // nobody acts on it any more; completing lets go of its listeners and timer
        }
    }

    /** The wait of a queued ticket ran out: it leaves the queue, unless a slot reached it first. */
    void expire(Ticket ticket) {
        boolean leave;
        synchronized (this) {
            if (ticket.state() != Ticket.State.WAITING) {
                return;
            }
            waiters.remove(ticket);
            ticket.state(Ticket.State.TIMED_OUT);
            leave = retireIfIdle();
        }
        if (leave) {
            home.remove(key, this);
        }
        ticket.decide(false);
    }

    /** Guarded by this. */
    private boolean retireIfIdle() {
        if (!retired && inFlight == 0 && waiters.isEmpty()) {
            retired = true;
            return true;
        }
        return false;
    }

    synchronized int inFlight() {
        return inFlight;
    }

    synchronized int waiting() {
        return waiters.size();
    }
}
