package io.portico.plugins.opentelemetry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The exporters of one plugin type, by settings, so that a configuration reload keeps the queue and
 * worker of every endpoint whose settings did not change; and the pool their workers run on. Created
 * on first use and released by {@link #close}, after which the next use starts afresh (a gateway
 * started later with the same plugin type). Thread-safe; never used on an event loop except through
 * the exporters' own {@link SpanExporter#export}.
 */
final class SpanExporters {

    private final String scopeVersion;
    private final RetryPolicy retry;
    private final Map<ExportSettings, SpanExporter> exporters = new HashMap<>();
    private ThreadPoolExecutor workers;

    SpanExporters(String scopeVersion, RetryPolicy retry) {
        this.scopeVersion = scopeVersion;
        this.retry = retry;
    }

    /** The exporter for these settings; {@code metrics} are used when it has to be created. */
    synchronized SpanExporter exporter(ExportSettings settings, ExportMetrics metrics) {
        if (workers == null) {
            workers = newWorkerPool();
        }
        ThreadPoolExecutor pool = workers;
        return exporters.computeIfAbsent(settings, key -> new SpanExporter(key, scopeVersion, retry, metrics, pool));
    }

    /**
     * Sends what every exporter has queued, all in parallel, within {@code budget}; spans still unsent
     * then are dropped (and counted), and the workers' threads are stopped.
     */
    void close(Duration budget) {
        List<SpanExporter> closing;
        ThreadPoolExecutor pool;
        synchronized (this) {
            closing = new ArrayList<>(exporters.values());
            exporters.clear();
            pool = workers;
            workers = null;
        }
        long deadline = System.nanoTime() + budget.toNanos();
        for (SpanExporter exporter : closing) {
            exporter.beginClose(deadline);
        }
        for (SpanExporter exporter : closing) {
            exporter.awaitClosed(deadline);
        }
        if (pool != null) {
            pool.shutdownNow(); // a worker still sending past the deadline is interrupted and drops its spans
        }
    }

    /** A cached pool: a thread per exporter that has work, none when all are idle. */
    private static ThreadPoolExecutor newWorkerPool() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = runnable -> {
            Thread thread = new Thread(runnable, "portico-otel-export-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), threads);
    }
}
