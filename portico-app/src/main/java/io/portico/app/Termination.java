package io.portico.app;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Graceful stop on SIGTERM or SIGINT. The signal only wakes the command's thread, which closes what it
 * runs in order and returns, so {@code main} exits with 0 after a clean drain (a JVM stopped by the
 * signal itself would exit with 143 and could not order its shutdown hooks). A second signal stops at
 * once. Where those signals cannot be handled, a shutdown hook still drains before the JVM exits.
 */
final class Termination {

    private static final Logger log = LoggerFactory.getLogger(Termination.class);

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicBoolean running = new AtomicBoolean();

    private Termination() {}

    static Termination install() {
        Termination termination = new Termination();
        ProcessSignals.handle("TERM", () -> termination.onSignal("TERM", 143));
        ProcessSignals.handle("INT", () -> termination.onSignal("INT", 130));
        Runtime.getRuntime().addShutdownHook(new Thread(termination::onJvmShutdown, "portico-shutdown"));
        return termination;
    }

    private void onSignal(String name, int status) {
        if (requested.getCount() == 0) {
            log.warn("SIG{} again: stopping now, without waiting for in-flight requests", name);
            Runtime.getRuntime().halt(status);
        }
        log.info("SIG{}: stopping; in-flight requests may finish (proxy.drain_timeout)", name);
        requested.countDown();
    }

    private void onJvmShutdown() {
        requested.countDown();
        if (running.get()) {
            // The JVM is exiting for another reason (System.exit elsewhere, signals we could not handle):
            // let the command drain before the JVM halts.
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Blocks until termination is requested, then closes {@code inOrder} one after the other (each
     * failure is logged and the rest still close).
     */
    void runUntilTerminated(AutoCloseable... inOrder) throws InterruptedException {
        running.set(true);
        try {
            requested.await();
        } finally {
            for (AutoCloseable closeable : inOrder) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    log.warn("stopping {}: {}", closeable.getClass().getSimpleName(), e.toString());
                }
            }
            closed.countDown();
        }
    }
}
