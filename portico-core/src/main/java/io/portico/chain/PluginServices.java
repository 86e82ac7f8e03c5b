package io.portico.chain;

import io.portico.observability.MetricRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What plugins share for the life of a gateway (across reloads): a bounded pool for blocking work,
 * a timer thread, an HTTP client with the JDK's default trust, a clock, the metrics.
 */
public final class PluginServices implements AutoCloseable {

    /** Work waiting for the blocking pool beyond this is refused (the request gets 503), not queued forever. */
    static final int BLOCKING_QUEUE_CAPACITY = 1024;

    private final ThreadPoolExecutor blocking;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService httpExecutor;
    private final HttpClient httpClient;
    private final Clock clock;
    private final MetricRegistry metrics;

    private PluginServices(int blockingThreads, Clock clock, MetricRegistry metrics) {
        this.blocking = new ThreadPoolExecutor(blockingThreads, blockingThreads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(BLOCKING_QUEUE_CAPACITY), daemonThreads("portico-blocking"));
        this.blocking.allowCoreThreadTimeOut(true);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads("portico-plugin-timer"));
        this.httpExecutor = Executors.newCachedThreadPool(daemonThreads("portico-plugin-http"));
        this.httpClient = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(httpExecutor)
                .build();
        this.clock = clock;
        this.metrics = metrics;
    }

    public static PluginServices create(MetricRegistry metrics) {
        return new PluginServices(Math.max(2, Runtime.getRuntime().availableProcessors()), Clock.systemUTC(), metrics);
    }

    public MetricRegistry metrics() {
        return metrics;
    }

    public Executor blockingExecutor() {
        return blocking;
    }

    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    public HttpClient httpClient() {
        return httpClient;
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        blocking.shutdownNow();
        scheduler.shutdownNow();
        httpExecutor.shutdownNow();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
