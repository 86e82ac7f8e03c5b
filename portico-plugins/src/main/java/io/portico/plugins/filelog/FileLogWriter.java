package io.portico.plugins.filelog;

import io.portico.plugins.logging.BoundedQueue;
import io.portico.plugins.logging.LogEntry;
import io.portico.plugins.logging.LogHandoff;
import io.portico.plugins.logging.LogJson;
import io.portico.plugins.logging.LogMetrics;
import io.portico.plugins.logging.LogSink;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends the entries of every file-log place that names one file. Event loops call {@link #offer},
 * which never waits ({@link LogHandoff}); a consumer task on the plugin type's executor serializes
 * entries to JSON lines and writes them in batches, and ends when the queue has been idle for a
 * while. A write error is logged once; the batch is kept and tried again (new entries are dropped
 * while the queue is full) until writing works again.
 */
final class FileLogWriter implements LogSink {

    private static final Logger log = LoggerFactory.getLogger(FileLogWriter.class);
    static final int MAX_BATCH = 1024;
    private static final long IDLE_NANOS = Duration.ofSeconds(10).toNanos();
    static final long RETRY_NANOS = Duration.ofSeconds(1).toNanos();

    private final BoundedQueue<LogEntry> queue;
    private final LogHandoff handoff;
    private final LogMetrics metrics;
    /** Touched by one consumer at a time (the queue guarantees it), then by {@link #awaitClosed}. */
    private final LogFile file;
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private boolean failing;
    private volatile FileLogConfig config;

    FileLogWriter(FileLogConfig config, Path path, Clock clock, Executor executor, LogMetrics metrics) {
        this.config = config;
        this.queue = new BoundedQueue<>(config.queueSize());
        this.file = new LogFile(path, clock);
        this.metrics = metrics;
        this.handoff = new LogHandoff(queue, executor, this::drain, metrics.queueFull());
    }

    /** The latest configuration naming this file decides rotation, reopening and the queue's size. */
    void configure(FileLogConfig latest) {
        config = latest;
        queue.capacity(latest.queueSize());
    }

    Path path() {
        return file.path();
    }

    @Override
    public void offer(LogEntry entry) {
        handoff.offer(entry);
    }

    private void drain() {
        try {
            while (true) {
                if (!pending.isEmpty() && !writePending()) {
                    if (queue.awaitClosed(RETRY_NANOS) && !writePending()) {
                        giveUp();
                    }
                    continue;
                }
                List<LogEntry> batch = queue.take(MAX_BATCH, 0, IDLE_NANOS);
                if (batch == null) {
                    return;
                }
                for (LogEntry entry : batch) {
                    pending.add(LogJson.line(entry));
                }
                writePending();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            metrics.sendFailed().add(pending.size() + queue.abandon().size());
            pending.clear();
        } catch (RuntimeException e) {
            log.error("file-log: the writer of {} failed; its queued lines are lost", file.path(), e);
            metrics.sendFailed().add(pending.size() + queue.abandon().size());
            pending.clear();
        }
    }

    /** Writes the pending lines; true when they are all in the file. */
    private boolean writePending() {
        FileLogConfig current = config;
        try {
            for (byte[] line : pending) {
                file.write(line, current.rotation());
            }
            file.endBatch(current.reopen());
        } catch (IOException e) {
            file.discard();
            if (!failing) {
                failing = true;
                log.error("file-log: cannot write {}: {}; trying again every second, and lines are dropped while "
                        + "the queue is full", file.path(), e.toString());
            }
            return false;
        }
        metrics.written().add(pending.size());
        pending.clear();
        if (failing) {
            failing = false;
            log.info("file-log: writing {} again", file.path());
        }
        return true;
    }

    /** The gateway stopped and the file is still not writable: the lines are lost, and counted. */
    private void giveUp() {
        log.error("file-log: {} lines for {} could not be written before the gateway stopped", pending.size(),
                file.path());
        metrics.sendFailed().add(pending.size());
        pending.clear();
    }

    /**
     * Refuses further entries; the consumer writes what is queued (see {@link #awaitClosed}). A writer
     * needs no deadline of its own: one that cannot write gives up as soon as the queue is closed.
     */
    @Override
    public void close(long deadlineNanos) {
        queue.close();
    }

    /**
     * Waits until the consumer wrote what was queued (at most until {@code deadlineNanos}, on the
     * {@link System#nanoTime} scale), then closes the file.
     */
    @Override
    public boolean awaitClosed(long deadlineNanos) {
        try {
            if (!queue.awaitConsumerEnded(Math.max(0, deadlineNanos - System.nanoTime()))) {
                log.warn("file-log: the writer of {} did not finish in time; lines still queued may be lost", file.path());
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            file.close();
        } catch (IOException e) {
            log.error("file-log: closing {}: {}", file.path(), e.toString());
        }
        return true;
    }
}
