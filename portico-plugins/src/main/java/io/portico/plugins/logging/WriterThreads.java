package io.portico.plugins.logging;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The threads log writers and senders run on: daemon threads, created on demand, ended when idle. */
public final class WriterThreads {

    private WriterThreads() {}

    /** A cached pool of daemon threads named {@code prefix-1}, {@code prefix-2}…; idle threads end after a minute. */
    public static ExecutorService pool(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
