package io.portico.proxy;

import io.netty.buffer.ByteBuf;
import io.portico.plugin.BodyObserver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies of a proxied response's body for the plugins that asked to observe it, each up to its own
 * bound. Never owns the chunks it sees: it copies their readable bytes and leaves the buffers to the
 * write that releases them. Every observer hears exactly once, complete or abandoned. Confined to the
 * exchange's event loop.
 */
final class ResponseBodyTee {

    private static final Logger log = LoggerFactory.getLogger(ResponseBodyTee.class);

    private record Watcher(int maxBytes, BodyObserver observer) {}

    private final List<Watcher> watchers = new ArrayList<>(1);
    private byte[] bytes = new byte[0];
    private int size;

    void add(int maxBytes, BodyObserver observer) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: >= 0)");
        }
        watchers.add(new Watcher(maxBytes, observer));
    }

    boolean isEmpty() {
        return watchers.isEmpty();
    }

    /** Copies the chunk's readable bytes without moving its reader index; observers it overflows give up. */
    void copy(ByteBuf chunk) {
        int length = chunk.readableBytes();
        if (length == 0 || watchers.isEmpty()) {
            return;
        }
        if (!makeRoom(length)) {
            return;
        }
        chunk.getBytes(chunk.readerIndex(), bytes, size, length);
        size += length;
    }

    void copy(byte[] chunk) {
        if (chunk.length == 0 || watchers.isEmpty() || !makeRoom(chunk.length)) {
            return;
        }
        System.arraycopy(chunk, 0, bytes, size, chunk.length);
        size += chunk.length;
    }

    /** Abandons the observers whose bound {@code more} bytes would pass; false when none is left. */
    private boolean makeRoom(int more) {
        long needed = (long) size + more;
        int largest = 0;
        for (int i = watchers.size() - 1; i >= 0; i--) {
            Watcher watcher = watchers.get(i);
            if (needed > watcher.maxBytes()) {
                watchers.remove(i);
                notifyAbandoned(watcher.observer());
            } else {
                largest = Math.max(largest, watcher.maxBytes());
            }
        }
        if (watchers.isEmpty()) {
            bytes = new byte[0];
            size = 0;
            return false;
        }
        if (needed > bytes.length) {
            // Doubling, capped at the largest bound: a bounded observer never costs more than its bound.
            bytes = Arrays.copyOf(bytes, (int) Math.min(largest, Math.max(needed, 2L * bytes.length)));
        }
        return true;
    }

    /** The body ended cleanly: every remaining observer gets its own copy. */
    void complete() {
        List<Watcher> done = List.copyOf(watchers);
        watchers.clear();
        for (int i = 0; i < done.size(); i++) {
            byte[] body = i == done.size() - 1 && size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
            try {
                done.get(i).observer().complete(body);
            } catch (RuntimeException e) {
                log.warn("a response body observer failed", e);
            }
        }
        bytes = new byte[0];
        size = 0;
    }

    /** The body will not end cleanly (failure, retry, client gone). */
    void abandon() {
        List<Watcher> done = List.copyOf(watchers);
        watchers.clear();
        bytes = new byte[0];
        size = 0;
        for (Watcher watcher : done) {
            notifyAbandoned(watcher.observer());
        }
    }

    private static void notifyAbandoned(BodyObserver observer) {
        try {
            observer.abandoned();
        } catch (RuntimeException e) {
            log.warn("a response body observer failed", e);
        }
    }
}
