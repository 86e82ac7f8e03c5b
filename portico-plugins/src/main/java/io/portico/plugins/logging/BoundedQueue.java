package io.portico.plugins.logging;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Items handed from event loops to one background consumer. {@link #offer} never waits: it holds the
 * lock for a few field updates and refuses when the queue is full. At most one consumer runs at a
 * time: {@code offer} answers {@link Offer#START_CONSUMER} when the queue had none, and the consumer
 * ends (its {@link #take} returns null) once the queue stayed empty for a while, so an idle queue
 * holds no thread. Deciding both under one lock means an item can never be left without a consumer.
 */
public final class BoundedQueue<T> {

    /** What {@link #offer} did with an item. */
    public enum Offer {
        /** Queued; a consumer is running. */
        QUEUED,
        /** Queued; no consumer was running: the caller must start one, which calls {@link #take}. */
        START_CONSUMER,
        /** Refused: the queue holds its capacity. */
        FULL,
        /** Refused: the queue was closed. */
        CLOSED
    }

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when an item arrives or the queue closes. */
    private final Condition changed = lock.newCondition();
    /** Signalled when the consumer ends. */
    private final Condition consumerEnded = lock.newCondition();
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private int capacity;
    private boolean consumerActive;
    private boolean closed;

    public BoundedQueue(int capacity) {
        capacity(capacity);
    }

    /** Changes the capacity; items already queued beyond a smaller one stay. */
    public void capacity(int newCapacity) {
        if (newCapacity < 1) {
            throw new IllegalArgumentException("capacity: " + newCapacity + " (expected: >= 1)");
        }
        lock.lock();
        try {
            capacity = newCapacity;
        } finally {
            lock.unlock();
        }
    }

    /** Called on event loops: never waits for the consumer. */
    public Offer offer(T item) {
        lock.lock();
        try {
            if (closed) {
                return Offer.CLOSED;
            }
            if (items.size() >= capacity) {
                return Offer.FULL;
            }
            items.addLast(item);
            changed.signal();
            if (!consumerActive) {
                consumerActive = true;
                return Offer.START_CONSUMER;
            }
            return Offer.QUEUED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The consumer's next batch: waits up to {@code idleNanos} for a first item, then, when {@code
     * coalesceNanos} is above zero, up to that long for the batch to fill to {@code max} (not once
     * the queue is closed). Returns null, ending this consumer, when no item came or the queue is
     * closed and empty.
     */
    public List<T> take(int max, long coalesceNanos, long idleNanos) throws InterruptedException {
        lock.lock();
        try {
            long idleLeft = idleNanos;
            while (items.isEmpty()) {
                if (closed || idleLeft <= 0) {
                    endConsumer();
                    return null;
                }
                idleLeft = changed.awaitNanos(idleLeft);
            }
            long coalesceLeft = coalesceNanos;
            while (items.size() < max && !closed && coalesceLeft > 0) {
                coalesceLeft = changed.awaitNanos(coalesceLeft);
            }
            int count = Math.min(max, items.size());
            List<T> batch = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                batch.add(items.pollFirst());
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The consumer gives up (it was interrupted, or could not be started): the queued items are
     * removed and returned, so that the caller can count them as lost, and the next offer starts a
     * new consumer.
     */
    public List<T> abandon() {
        lock.lock();
        try {
            List<T> lost = new ArrayList<>(items);
            items.clear();
            endConsumer();
            return lost;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses further offers and wakes the consumer, which takes what is left without coalescing. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code nanos} for {@link #close}; true when closed. For a consumer's pause between retries. */
    public boolean awaitClosed(long nanos) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (!closed && left > 0) {
                left = changed.awaitNanos(left);
            }
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code nanos} for the running consumer to end; true when none runs. */
    public boolean awaitConsumerEnded(long nanos) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (consumerActive && left > 0) {
                left = consumerEnded.awaitNanos(left);
            }
            return !consumerActive;
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    private void endConsumer() {
        consumerActive = false;
        consumerEnded.signalAll();
    }
}
