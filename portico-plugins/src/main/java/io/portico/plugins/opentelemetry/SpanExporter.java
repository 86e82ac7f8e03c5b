package io.portico.plugins.opentelemetry;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues spans and POSTs them in batches to one OTLP/HTTP endpoint.
 *
 * <p>Threading: {@link #export} runs on event loops and never blocks or locks: a lock-free queue bounded
 * by a counter (a full queue drops the span and counts it), and a wake-up of the worker when the queue
 * becomes non-empty or a batch is full. The worker is a task on the plugin type's pool that runs only
 * while there is work: it sends a batch when {@code batch_span_count} spans wait or the first waiting
 * span has waited {@code batch_flush_delay}, retries transient failures with backoff, then drops and
 * counts, and returns its thread after a minute without spans (the span that finds no worker hands a
 * new one to the pool, which seldom has to start a thread for it). One worker at a time ({@link
 * #running}), so batches leave in order and the encoder and HTTP client are confined to it.
 */
final class SpanExporter implements SpanSink {

    private static final Logger log = LoggerFactory.getLogger(SpanExporter.class);

    /** A worker with nothing to send for this long gives its thread back; the next span starts another. */
    static final Duration IDLE_RETIREMENT = Duration.ofSeconds(60);

    private final ExportSettings settings;
    private final RetryPolicy retry;
    private final OtlpJsonEncoder encoder;
    private final ExportMetrics metrics;
    private final Executor workers;
    private final String endpointForLogs;
    private final long flushDelayNanos;
    private final long idleRetirementNanos;
    private final ConcurrentLinkedQueue<Span> queue = new ConcurrentLinkedQueue<>();
    /** Spans accepted and not yet taken by the worker; may briefly exceed the queue's size, never the bound. */
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Thread worker;
    private volatile boolean closed;
    private volatile long closeDeadlineNanos;
    /** Worker-confined: whether the last batch failed, so that an outage is logged once, not per batch. */
    private boolean failing;

    /** @param scopeVersion Portico's version, sent as the instrumentation scope's */
    SpanExporter(ExportSettings settings, String scopeVersion, RetryPolicy retry, ExportMetrics metrics,
            Executor workers) {
        this(settings, scopeVersion, retry, metrics, workers, IDLE_RETIREMENT);
    }

    SpanExporter(ExportSettings settings, String scopeVersion, RetryPolicy retry, ExportMetrics metrics,
            Executor workers, Duration idleRetirement) {
        this.settings = settings;
        this.retry = retry;
        this.encoder = new OtlpJsonEncoder(settings.resourceAttributes(), scopeVersion);
        this.metrics = metrics;
        this.workers = workers;
        this.endpointForLogs = withoutQuery(settings.endpoint());
        this.flushDelayNanos = settings.batchFlushDelay().toNanos();
        this.idleRetirementNanos = idleRetirement.toNanos();
    }

    /** Queues a span for export; drops (and counts) it when the queue is full. Any thread, never blocks. */
    @Override
    public void export(Span span) {
        if (closed) {
            metrics.droppedExportFailed().increment();
            return;
        }
        int size = queued.incrementAndGet();
        if (size > settings.maxQueuedSpans()) {
            queued.decrementAndGet();
            metrics.droppedQueueFull().increment();
            return;
        }
        queue.add(span);
        if (size == 1 || size == settings.batchSpanCount()) {
            wake();
        }
    }

    /** Spans waiting to be sent. */
    int queued() {
        return queued.get();
    }

    /** Whether a worker is running (for tests of its retirement). */
    boolean working() {
        return running.get();
    }

    /**
     * Stops accepting spans and has the worker send what is queued, giving up at {@code deadlineNanos}
     * ({@link System#nanoTime}); {@link #awaitClosed} waits for it.
     */
    void beginClose(long deadlineNanos) {
        closeDeadlineNanos = deadlineNanos;
        closed = true;
        wake();
    }

    /** Waits until the worker stopped or the deadline passed; returns whether it stopped. */
    boolean awaitClosed(long deadlineNanos) {
        synchronized (this) {
            while (running.get()) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        abandonQueued("the worker could not be started"); // spans left when the pool refused a worker
        return true;
    }

    private void wake() {
        if (running.get()) {
            Thread current = worker;
            if (current != null) {
                LockSupport.unpark(current);
            }
            return;
        }
        if (running.compareAndSet(false, true)) {
            try {
                workers.execute(this::work);
            } catch (RejectedExecutionException e) {
                running.set(false); // the type is closing; awaitClosed counts what is left
            }
        } else {
            wake();
        }
    }

    /** The worker: runs until the queue stays empty long enough, or the exporter is closed and flushed. */
    private void work() {
        worker = Thread.currentThread();
        OtlpHttpSender sender = new OtlpHttpSender(settings);
        List<Span> batch = new ArrayList<>(settings.batchSpanCount());
        long idleSince = System.nanoTime();
        long waitingSince = -1;
        try {
            while (true) {
                if (Thread.currentThread().isInterrupted()) {
                    abandonQueued("Portico stopped before they could be sent");
                    stop();
                    return;
                }
                long now = System.nanoTime();
                int size = queued.get();
                if (size == 0) {
                    waitingSince = -1;
                    if ((closed || now - idleSince >= idleRetirementNanos) && retire()) {
                        return;
                    }
                    LockSupport.parkNanos(this, Math.max(1, idleRetirementNanos - (now - idleSince)));
                    continue;
                }
                if (waitingSince < 0) {
                    waitingSince = now;
                }
                if (size >= settings.batchSpanCount() || closed || now - waitingSince >= flushDelayNanos) {
                    take(batch);
                    send(sender, batch);
                    batch.clear();
                    idleSince = System.nanoTime();
                    waitingSince = -1;
                    continue;
                }
                LockSupport.parkNanos(this, flushDelayNanos - (now - waitingSince));
            }
        } catch (RuntimeException | Error e) {
            log.error("OpenTelemetry export to {} failed unexpectedly; {} queued spans dropped", endpointForLogs,
                    queued.get(), e);
            abandonQueued(null);
            stop();
            if (e instanceof Error error) {
                throw error;
            }
        }
    }

    /**
     * Gives the thread back; false when a span arrived meanwhile and this worker carries on (a span
     * queued after {@code running} was cleared finds no worker to wake, so the worker looks again).
     */
    private boolean retire() {
        worker = null;
        running.set(false);
        if (queued.get() > 0 && !closedAndPastDeadline() && running.compareAndSet(false, true)) {
            worker = Thread.currentThread();
            return false;
        }
        signalStopped();
        return true;
    }

    /** Gives the thread back whatever is queued: the worker cannot go on (interrupted, or a bug). */
    private void stop() {
        worker = null;
        running.set(false);
        signalStopped();
    }

    private void signalStopped() {
        synchronized (this) {
            notifyAll(); // awaitClosed
        }
    }

    private boolean closedAndPastDeadline() {
        return closed && System.nanoTime() - closeDeadlineNanos >= 0;
    }

    private void take(List<Span> batch) {
        Span span;
        while (batch.size() < settings.batchSpanCount() && (span = queue.poll()) != null) {
            batch.add(span);
            queued.decrementAndGet();
        }
    }

    private void send(OtlpHttpSender sender, List<Span> batch) {
        if (batch.isEmpty()) {
            return;
        }
        byte[] body = encoder.encode(batch);
        for (int attempt = 1; ; attempt++) {
            Duration timeout = settings.timeout();
            if (closed) {
                long left = closeDeadlineNanos - System.nanoTime();
                if (left <= 0) {
                    dropped(batch.size(), "Portico stopped before they could be sent");
                    return;
                }
                timeout = timeout.toNanos() < left ? timeout : Duration.ofNanos(left);
            }
            ExportOutcome outcome = sender.post(body, timeout);
            if (outcome.accepted()) {
                accepted(batch.size(), outcome.rejectedSpans());
                return;
            }
            if (!outcome.retryable() || attempt >= retry.maxAttempts()) {
                dropped(batch.size(), outcome.problem() + (attempt > 1 ? " after " + attempt + " tries" : ""));
                return;
            }
            if (!pause(retry.backoff(attempt, outcome.retryAfter()))) {
                dropped(batch.size(), outcome.problem() + "; Portico stopped before another try");
                return;
            }
        }
    }

    /** Sleeps before a retry; false when interrupted, or when the pause would outlast a closing deadline. */
    private boolean pause(Duration pause) {
        long end = System.nanoTime() + pause.toNanos();
        while (true) {
            if (Thread.currentThread().isInterrupted() || closed && end - closeDeadlineNanos > 0) {
                return false;
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            LockSupport.parkNanos(this, left); // close() unparks: the deadline is looked at again
        }
    }

    private void accepted(int count, long rejected) {
        long rejectedSpans = Math.min(rejected, count);
        metrics.exported().add(count - rejectedSpans);
        if (rejectedSpans > 0) {
            metrics.droppedExportFailed().add(rejectedSpans);
            log.warn("OpenTelemetry collector {} rejected {} of {} spans", endpointForLogs, rejectedSpans, count);
        }
        if (failing) {
            failing = false;
            log.info("OpenTelemetry export to {} works again", endpointForLogs);
        }
    }

    private void dropped(int count, String why) {
        metrics.droppedExportFailed().add(count);
        if (!failing) {
            failing = true;
            log.warn("OpenTelemetry export to {} failed ({}): {} spans dropped; further failures are logged at debug "
                    + "level until an export succeeds", endpointForLogs, why, count);
        } else {
            log.debug("OpenTelemetry export to {} failed ({}): {} spans dropped", endpointForLogs, why, count);
        }
    }

    /** Counts every queued span as failed, for a worker that cannot send them; {@code why} null logs nothing. */
    private void abandonQueued(String why) {
        int count = 0;
        while (queue.poll() != null) {
            queued.decrementAndGet();
            count++;
        }
        if (count > 0) {
            metrics.droppedExportFailed().add(count);
            if (why != null) {
                log.warn("{} spans for {} dropped: {}", count, endpointForLogs, why);
            }
        }
    }

    /** The endpoint without its query, which may carry a credential. */
    private static String withoutQuery(URI endpoint) {
        return endpoint.getScheme() + "://" + endpoint.getRawAuthority() + (endpoint.getRawPath() == null ? ""
                : endpoint.getRawPath());
    }
}
