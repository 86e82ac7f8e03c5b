package io.portico.observability;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access log written by one background thread. Event loops only {@code offer} to a bounded queue:
 * when the writer falls behind, entries are dropped and counted rather than making the proxy wait.
 */
public final class AsyncAccessLog implements AccessLog {

    private static final Logger log = LoggerFactory.getLogger(AsyncAccessLog.class);
    private static final int QUEUE_CAPACITY = 65_536;
    private static final int BATCH = 512;

    private final BlockingQueue<AccessLogEntry> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final OutputStream out;
    private final boolean closeStream;
    private final Thread writer;
    private volatile boolean closed;

    private AsyncAccessLog(OutputStream out, boolean closeStream, String description) {
        this.out = new BufferedOutputStream(out, 64 * 1024);
        this.closeStream = closeStream;
        this.writer = new Thread(this::drain, "portico-access-log");
        this.writer.setDaemon(true);
        this.writer.start();
        log.debug("access log to {}", description);
    }

    public static AsyncAccessLog toStdout() {
        return new AsyncAccessLog(System.out, false, "stdout");
    }

    /** Appends to {@code file}, creating it (and its directory) when missing. */
    public static AsyncAccessLog toFile(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        OutputStream stream = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return new AsyncAccessLog(stream, true, file.toString());
    }

    /** For tests and embedding: lines go to {@code stream}, which stays open on close. */
    public static AsyncAccessLog to(OutputStream stream) {
        return new AsyncAccessLog(stream, false, "stream");
    }

    @Override
    public void log(AccessLogEntry entry) {
        if (closed || !queue.offer(entry)) {
            dropped.incrementAndGet();
        }
    }

    /** Entries lost because the queue was full (or the log closed). */
    public long dropped() {
        return dropped.get();
    }

    private void drain() {
        List<AccessLogEntry> batch = new ArrayList<>(BATCH);
        try {
            while (!closed || !queue.isEmpty()) {
                AccessLogEntry first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                for (AccessLogEntry entry : batch) {
                    out.write(entry.toJson().getBytes(StandardCharsets.UTF_8));
                    out.write('\n');
                }
                batch.clear();
                if (queue.isEmpty()) {
                    out.flush();
                }
            }
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.error("access log writer stopped: {}", e.toString());
        }
    }

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(5_000);
            if (closeStream) {
                out.close();
            } else {
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("closing access log: {}", e.toString());
        }
    }
}
