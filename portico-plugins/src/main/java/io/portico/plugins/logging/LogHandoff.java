package io.portico.plugins.logging;

import io.portico.plugin.Metrics;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The hand-over from event loops to a sink's consumer task. {@link #offer} never waits: it queues the
 * entry, or drops and counts it ({@code queue_full}) when the queue is full or closed; when the queue
 * had no consumer it starts one on the executor (at most once per idle period), so the event loop hands
 * the work over and goes on. The sink owns the queue and the consumer, which takes from it.
 */
public final class LogHandoff {

    private final BoundedQueue<LogEntry> queue;
    private final Executor executor;
    private final Runnable consumer;
    private final Metrics.Counter queueFull;

    /**
     * @param consumer  takes batches from {@code queue} until {@link BoundedQueue#take} returns null
     * @param queueFull counts the entries dropped here
     */
    public LogHandoff(BoundedQueue<LogEntry> queue, Executor executor, Runnable consumer, Metrics.Counter queueFull) {
        this.queue = queue;
        this.executor = executor;
        this.consumer = consumer;
        this.queueFull = queueFull;
    }

    /** On an event loop: queues the entry, or drops and counts it. */
    public void offer(LogEntry entry) {
        switch (queue.offer(entry)) {
            case QUEUED -> { }
            case START_CONSUMER -> startConsumer();
            case FULL, CLOSED -> queueFull.increment();
        }
    }

    private void startConsumer() {
        try {
            executor.execute(consumer);
        } catch (RejectedExecutionException e) {
            // The plugin type is closing: nothing will take these.
            queueFull.add(queue.abandon().size());
        }
    }
}
