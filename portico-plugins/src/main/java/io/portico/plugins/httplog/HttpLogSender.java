package io.portico.plugins.httplog;

import io.portico.plugin.Quantities;
import io.portico.plugins.logging.BoundedQueue;
import io.portico.plugins.logging.LogEntry;
import io.portico.plugins.logging.LogHandoff;
import io.portico.plugins.logging.LogJson;
import io.portico.plugins.logging.LogMetrics;
import io.portico.plugins.logging.LogSink;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the entries of every http-log place with one {@link Delivery}. Event loops call {@link #offer},
 * which never waits ({@link LogHandoff}). A consumer task on the plugin type's executor takes batches
 * (up to {@code max_batch_size}, waiting up to {@code max_coalescing_delay} for one to fill),
 * serializes each to a JSON array and posts it, one batch at a time so that the endpoint sees entries
 * in order. Connect errors, timeouts, 429 and 5xx are retried with backoff until {@code
 * max_retry_time}; then, or on any other status, the batch is dropped and counted. Failures are logged
 * once until a batch gets through.
 */
final class HttpLogSender implements LogSink {

    private static final Logger log = LoggerFactory.getLogger(HttpLogSender.class);
    private static final long IDLE_NANOS = Duration.ofSeconds(30).toNanos();

    private final Delivery delivery;
    private final HttpClient client;
    private final LogMetrics metrics;
    private final BoundedQueue<LogEntry> queue;
    private final LogHandoff handoff;
    private final RetryBackoff backoff;
    /** Set by close: retries stop at this {@link System#nanoTime} instant. */
    private volatile long closeDeadlineNanos;
    private volatile boolean closing;
    /** Consumer-only: a failure, and a drop, were logged and no batch got through since. */
    private boolean failureLogged;
    private boolean dropLogged;

    HttpLogSender(Delivery delivery, HttpClient client, Executor executor, LogMetrics metrics) {
        this.delivery = delivery;
        this.client = client;
        this.metrics = metrics;
        this.queue = new BoundedQueue<>(delivery.queue().maxEntries());
        this.handoff = new LogHandoff(queue, executor, this::drain, metrics.queueFull());
        this.backoff = RetryBackoff.of(delivery.queue());
    }

    @Override
    public void offer(LogEntry entry) {
        handoff.offer(entry);
    }

    private void drain() {
        QueueSettings settings = delivery.queue();
        List<LogEntry> batch = null;
        try {
            while ((batch = queue.take(settings.maxBatchSize(), settings.maxCoalescingDelay().toNanos(), IDLE_NANOS))
                    != null) {
                deliver(batch);
                batch = null;
            }
        } catch (InterruptedException e) {
            // The type stopped waiting for this sender (close's deadline passed): what is left is lost.
            Thread.currentThread().interrupt();
            metrics.sendFailed().add((batch == null ? 0 : batch.size()) + queue.abandon().size());
        } catch (RuntimeException e) {
            log.error("http-log: the sender to {} failed; its queued entries are lost", delivery.endpoint(), e);
            metrics.sendFailed().add((batch == null ? 0 : batch.size()) + queue.abandon().size());
        }
    }

    private void deliver(List<LogEntry> batch) throws InterruptedException {
        byte[] body = LogJson.array(batch);
        long giveUpAt = System.nanoTime() + delivery.queue().maxRetryTime().toNanos();
        for (int retry = 1; ; retry++) {
            Outcome outcome = post(body);
            if (outcome == Outcome.DELIVERED) {
                metrics.written().add(batch.size());
                if (failureLogged || dropLogged) {
                    failureLogged = false;
                    dropLogged = false;
                    log.info("http-log: delivering to {} again", delivery.endpoint());
                }
                return;
            }
            long delay = backoff.delayNanos(retry, ThreadLocalRandom.current().nextDouble());
            long limit = closing && closeDeadlineNanos - giveUpAt < 0 ? closeDeadlineNanos : giveUpAt;
            if (!outcome.retryable || System.nanoTime() + delay - limit > 0) {
                drop(batch, outcome);
                return;
            }
            if (!failureLogged) {
                failureLogged = true;
                log.warn("http-log: cannot deliver to {} ({}); retrying each batch for up to {}, and entries are "
                        + "dropped while the queue is full", delivery.endpoint(), outcome.description,
                        Quantities.format(delivery.queue().maxRetryTime()));
            }
            pause(delay);
        }
    }

    /** Waits between retries; a closing gateway cuts the first wait short so that the flush gets its chance. */
    private void pause(long nanos) throws InterruptedException {
        if (!queue.isClosed()) {
            queue.awaitClosed(nanos);
        } else {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }

    private void drop(List<LogEntry> batch, Outcome outcome) {
        metrics.sendFailed().add(batch.size());
        if (!dropLogged) {
            dropLogged = true;
            log.warn("http-log: dropped a batch of {} entries for {} ({}); further drops are only counted until a "
                    + "batch gets through", batch.size(), delivery.endpoint(), outcome.description);
        }
    }

    private Outcome post(byte[] body) throws InterruptedException {
        Duration timeout = delivery.timeout();
        if (closing) {
            long untilClose = closeDeadlineNanos - System.nanoTime();
            if (untilClose < timeout.toNanos()) {
                timeout = Duration.ofNanos(Math.max(1_000_000, untilClose));
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(delivery.endpoint().uri())
                .timeout(timeout)
                .method(delivery.method(), HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", delivery.contentType())
                .header("User-Agent", "portico-http-log");
        if (delivery.endpoint().authorization() != null) {
            request.header("Authorization", delivery.endpoint().authorization());
        }
        for (Map.Entry<String, String> header : delivery.headers().entrySet()) {
            request.setHeader(header.getKey(), header.getValue());
        }
        try {
            int status = client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            return Outcome.of(status);
        } catch (HttpTimeoutException e) {
            return Outcome.retryable("no answer within " + timeout.toMillis() + "ms");
        } catch (ConnectException e) {
            return Outcome.retryable("cannot connect: " + (e.getMessage() == null ? "connection refused" : e.getMessage()));
        } catch (IOException e) {
            return Outcome.retryable(e.toString());
        } catch (IllegalArgumentException e) {
            return new Outcome(false, false, "the HTTP client refused the request: " + e.getMessage());
        }
    }

    /**
     * Sends what is queued, retrying failures only until {@code deadlineNanos} ({@link System#nanoTime}
     * scale); later offers are dropped. Returns at once; {@link #awaitClosed} waits.
     */
    @Override
    public void close(long deadlineNanos) {
        closeDeadlineNanos = deadlineNanos;
        closing = true;
        queue.close();
    }

    /** Waits until the sender's last batch is done, or the deadline; true when it is. */
    @Override
    public boolean awaitClosed(long deadlineNanos) {
        try {
            return queue.awaitConsumerEnded(Math.max(0, deadlineNanos - System.nanoTime()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    Delivery delivery() {
        return delivery;
    }

    /** How one post ended. */
    private record Outcome(boolean delivered, boolean retryable, String description) {

        static final Outcome DELIVERED = new Outcome(true, false, "delivered");

        static Outcome of(int status) {
            if (status >= 200 && status < 300) {
                return DELIVERED;
            }
            // 429 and 5xx say "later"; anything else (redirects, 4xx) will not change by retrying.
            return new Outcome(false, status == 429 || status >= 500, "HTTP " + status);
        }

        static Outcome retryable(String description) {
            return new Outcome(false, true, description);
        }
    }
}
