package io.portico.plugins.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The sinks a log plugin type shares by key, their threads, and how close ends them. */
class LogSinksTest {

    private final List<String> events = new CopyOnWriteArrayList<>();

    @Test
    void createsOneSinkPerKeyAndSharesIt() {
        LogSinks<String, RecordingSink> sinks = new LogSinks<>("test-sinks", LogSinks.Overrun.FINISH);
        AtomicInteger created = new AtomicInteger();

        RecordingSink first = sinks.sink("a", executor -> new RecordingSink("a", executor, created));
        RecordingSink again = sinks.sink("a", executor -> new RecordingSink("a", executor, created));
        RecordingSink other = sinks.sink("b", executor -> new RecordingSink("b", executor, created));

        assertThat(again).isSameAs(first);
        assertThat(other).isNotSameAs(first);
        assertThat(created).hasValue(2);
        assertThat(sinks.size()).isEqualTo(2);
        assertThat(other.executor).isSameAs(first.executor);
        sinks.close(Duration.ofSeconds(1));
    }

    @Test
    void runsConsumersOnNamedDaemonThreads() throws Exception {
        LogSinks<String, RecordingSink> sinks = new LogSinks<>("test-sinks", LogSinks.Overrun.FINISH);
        RecordingSink sink = sinks.sink("a", executor -> new RecordingSink("a", executor, new AtomicInteger()));
        CompletableFuture<Thread> ran = new CompletableFuture<>();

        sink.executor.execute(() -> ran.complete(Thread.currentThread()));

        Thread thread = ran.get(5, TimeUnit.SECONDS);
        assertThat(thread.getName()).isEqualTo("test-sinks-1");
        assertThat(thread.isDaemon()).isTrue();
        sinks.close(Duration.ofSeconds(1));
    }

    @Test
    void closeAsksEverySinkToCloseBeforeWaitingForAnyWithOneDeadline() {
        LogSinks<String, RecordingSink> sinks = new LogSinks<>("test-sinks", LogSinks.Overrun.FINISH);
        RecordingSink a = sinks.sink("a", executor -> new RecordingSink("a", executor, new AtomicInteger()));
        RecordingSink b = sinks.sink("b", executor -> new RecordingSink("b", executor, new AtomicInteger()));
        long before = System.nanoTime();

        sinks.close(Duration.ofSeconds(3));

        assertThat(events.subList(0, 2)).containsExactlyInAnyOrder("close a", "close b");
        assertThat(events.subList(2, 4)).containsExactlyInAnyOrder("await a", "await b");
        assertThat(a.deadlineNanos).isEqualTo(b.deadlineNanos);
        assertThat(a.deadlineNanos - before).isBetween(Duration.ofSeconds(3).toNanos(),
                Duration.ofSeconds(4).toNanos());
    }

    @Test
    void closeForgetsTheSinksAndTheNextUseStartsAfresh() {
        LogSinks<String, RecordingSink> sinks = new LogSinks<>("test-sinks", LogSinks.Overrun.FINISH);
        RecordingSink before = sinks.sink("a", executor -> new RecordingSink("a", executor, new AtomicInteger()));

        sinks.close(Duration.ofSeconds(1));
        RecordingSink after = sinks.sink("a", executor -> new RecordingSink("a", executor, new AtomicInteger()));

        assertThat(sinks.size()).isEqualTo(1);
        assertThat(after).isNotSameAs(before);
        assertThat(after.executor).isNotSameAs(before.executor);
        sinks.close(Duration.ofSeconds(1));
    }

    @Test
    void closingWithoutASinkDoesNothing() {
        LogSinks<String, RecordingSink> sinks = new LogSinks<>("test-sinks", LogSinks.Overrun.INTERRUPT);

        sinks.close(Duration.ofSeconds(1));

        assertThat(sinks.size()).isZero();
        assertThat(events).isEmpty();
    }

    @Test
    void interruptsAConsumerStillRunningAtTheDeadlineWhenToldTo() throws Exception {
        assertThat(overrunningConsumerAfterClose(LogSinks.Overrun.INTERRUPT)).isEqualTo("interrupted");
    }

    @Test
    void letsAConsumerStillRunningAtTheDeadlineFinishWhenToldTo() throws Exception {
        assertThat(overrunningConsumerAfterClose(LogSinks.Overrun.FINISH)).isEqualTo("finished");
    }

    /** Closes a sink whose consumer is still busy after the deadline; returns how the consumer ended. */
    private String overrunningConsumerAfterClose(LogSinks.Overrun overrun) throws Exception {
        LogSinks<String, RecordingSink> sinks = new LogSinks<>("test-sinks", overrun);
        RecordingSink sink = sinks.sink("a", executor -> new RecordingSink("a", executor, new AtomicInteger()));
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> ended = new CompletableFuture<>();
        sink.executor.execute(() -> {
            running.countDown();
            try {
                boolean released = release.await(10, TimeUnit.SECONDS);
                ended.complete(Thread.interrupted() ? "interrupted" : released ? "finished" : "timed out");
            } catch (InterruptedException e) {
                ended.complete("interrupted");
            }
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

        sinks.close(Duration.ofMillis(50)); // an interrupt is delivered before close returns
        release.countDown();

        return ended.get(5, TimeUnit.SECONDS);
    }

    /** A sink that only records what the registry asks of it. */
    private final class RecordingSink implements LogSink {

        final String name;
        final Executor executor;
        volatile long deadlineNanos;

        RecordingSink(String name, Executor executor, AtomicInteger created) {
            this.name = name;
            this.executor = executor;
            created.incrementAndGet();
        }

        @Override
        public void offer(LogEntry entry) {
            events.add("offer " + name);
        }

        @Override
        public void close(long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
            events.add("close " + name);
        }

        @Override
        public boolean awaitClosed(long deadlineNanos) {
            events.add("await " + name);
            return true;
        }
    }
}
