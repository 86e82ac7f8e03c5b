package io.portico.plugins.logging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The sinks of one log plugin type, by what identifies their destination (a file, an endpoint and its
 * settings), so that every place and configuration naming the same one shares its sink and queue across
 * reloads; and the threads their consumers run on. Created on first use; {@link #close} flushes them and
 * forgets them, after which the next use starts afresh (a gateway started later with the same plugin
 * type). Thread-safe; used when configurations are compiled and when the gateway stops, never on an
 * event loop.
 *
 * @param <K> what identifies a sink
 * @param <S> the sinks
 */
public final class LogSinks<K, S extends LogSink> {

    /** What {@link #close} does with consumers still running at its deadline. */
    public enum Overrun {
        /** Lets them finish in the background: a file write is not cut off half-way. */
        FINISH,
        /** Interrupts them: what they still hold is dropped and counted. */
        INTERRUPT
    }

    private final String threadPrefix;
    private final Overrun overrun;
    /** Guarded by this; emptied by close. */
    private final Map<K, S> sinks = new HashMap<>();
    /** Runs the sinks' consumer tasks; created on first use, stopped by close. Guarded by this. */
    private ExecutorService executor;

    /** @param threadPrefix the consumer threads are named {@code threadPrefix-1}, {@code threadPrefix-2}… */
    public LogSinks(String threadPrefix, Overrun overrun) {
        this.threadPrefix = threadPrefix;
        this.overrun = overrun;
    }

    /** The sink for {@code key}: the one there is, or a new one that {@code create} makes to run on the executor. */
    public synchronized S sink(K key, Function<Executor, S> create) {
        if (executor == null) {
            executor = daemonThreads(threadPrefix);
        }
        S sink = sinks.get(key);
        if (sink == null) {
            sink = create.apply(executor);
            sinks.put(key, sink);
        }
        return sink;
    }

    public synchronized int size() {
        return sinks.size();
    }

    /**
     * Has every sink write or send what it holds, all at the same time, within {@code timeout} in all;
     * then stops the threads (see {@link Overrun}) and forgets the sinks.
     */
    public void close(Duration timeout) {
        List<S> closing;
        ExecutorService stopping;
        synchronized (this) {
            closing = new ArrayList<>(sinks.values());
            sinks.clear();
            stopping = executor;
            executor = null;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (S sink : closing) {
            sink.close(deadline);
        }
        for (S sink : closing) {
            sink.awaitClosed(deadline);
        }
        if (stopping == null) {
            return;
        }
        if (overrun == Overrun.INTERRUPT) {
            stopping.shutdownNow();
        } else {
            stopping.shutdown();
        }
    }

    /** A cached pool of daemon threads, created on demand; idle threads end after a minute. */
    private static ExecutorService daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
