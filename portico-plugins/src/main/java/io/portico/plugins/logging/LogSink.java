package io.portico.plugins.logging;

/**
 * Where a log plugin's entries go: a file's writer, an endpoint's sender. One sink serves every place
 * and configuration that names the same destination, and lives until its plugin type closes.
 */
public interface LogSink {

    /** On an event loop: queues the entry, or drops and counts it; never waits. */
    void offer(LogEntry entry);

    /**
     * Refuses further entries and has what is queued written or sent, giving up at {@code deadlineNanos}
     * ({@link System#nanoTime} scale). Returns at once; {@link #awaitClosed} waits.
     */
    void close(long deadlineNanos);

    /** Waits until what was queued is done, or the deadline passed; true when it is done. */
    boolean awaitClosed(long deadlineNanos);
}
