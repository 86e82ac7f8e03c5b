package io.portico.plugins.filelog;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;

/**
 * The file a writer appends lines to, with its rotation. Used by one thread at a time (the writer's
 * consumer, then the closing thread once the consumer ended); not thread-safe.
 */
final class LogFile {

    private static final int BUFFER_BYTES = 64 * 1024;

    private final Path path;
    private final Clock clock;
    private OutputStream out;
    private long size;
    /** The next time boundary of the interval below; kept across reopens, so that {@code reopen} does not defer it. */
    private Instant nextRotation;
    private RotationInterval intervalOfNext;

    LogFile(Path path, Clock clock) {
        this.path = path;
        this.clock = clock;
    }

    Path path() {
        return path;
    }

    /** Appends one line, rotating first when the line would pass the size limit or a time boundary passed. */
    void write(byte[] line, Rotation rotation) throws IOException {
        open();
        if (rotation != null) {
            Instant now = clock.instant();
            if (rotationDue(now, line.length, rotation)) {
                rotate(rotation.maxFiles());
                open();
            }
            if (nextRotation != null && !now.isBefore(nextRotation)) {
                nextRotation = intervalOfNext.next(now);
            }
        }
        out.write(line);
        size += line.length;
    }

    /** Ends a batch: pushes the lines to the file, and closes it when the file is reopened per batch. */
    void endBatch(boolean reopen) throws IOException {
        if (out == null) {
            return;
        }
        out.flush();
        if (reopen) {
            close();
        }
    }

    /** Flushes and closes; the next write opens the file again. */
    void close() throws IOException {
        if (out == null) {
            return;
        }
        OutputStream closing = out;
        out = null;
        closing.close();
    }

    /** After a failure: drops the stream (and what it buffered) so that the next write starts from a fresh open. */
    void discard() {
        OutputStream dropped = out;
        out = null;
        if (dropped != null) {
            try {
                dropped.close();
            } catch (IOException ignored) {
                // Already failing; the next open reports what is still wrong.
            }
        }
    }

    private void open() throws IOException {
        if (out != null) {
            return;
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        OutputStream stream = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
        size = Files.size(path);
        out = new BufferedOutputStream(stream, BUFFER_BYTES);
    }

    private boolean rotationDue(Instant now, int lineBytes, Rotation rotation) {
        if (intervalOfNext != rotation.interval()) {
            intervalOfNext = rotation.interval();
            nextRotation = intervalOfNext.next(now);
        }
        boolean timeDue = nextRotation != null && !now.isBefore(nextRotation);
        // An empty file is never rotated: a line longer than the limit gets a file of its own.
        return size > 0 && (timeDue || size + lineBytes > rotation.maxSizeBytes());
    }

    /** path.N is removed, path.i becomes path.(i+1), path becomes path.1. */
    private void rotate(int maxFiles) throws IOException {
        close();
        Files.deleteIfExists(numbered(maxFiles));
        for (int i = maxFiles - 1; i >= 1; i--) {
            Path older = numbered(i);
            if (Files.exists(older)) {
                Files.move(older, numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (Files.exists(path)) {
            Files.move(path, numbered(1), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    Path numbered(int index) {
        return path.resolveSibling(path.getFileName() + "." + index);
    }
}
