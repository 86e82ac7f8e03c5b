package io.portico.upstream.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class SlidingWindowTest {

    @Test
    void sumsTheLastSecondsOnly() {
        SlidingWindow window = new SlidingWindow(3);
        window.record(10, true);
        window.record(11, false);
        window.record(12, false);
        window.record(12, true);

        assertThat(window.totals(12)).isEqualTo(new SlidingWindow.Totals(4, 2));
        assertThat(window.totals(13)).isEqualTo(new SlidingWindow.Totals(3, 1));
        assertThat(window.totals(15)).isEqualTo(new SlidingWindow.Totals(0, 0));
    }

    @Test
    void reusesASlotForANewSecondFromZero() {
        SlidingWindow window = new SlidingWindow(2);
        window.record(10, true);
        window.record(10, true);

        window.record(12, false);

        assertThat(window.totals(12)).isEqualTo(new SlidingWindow.Totals(1, 0));
    }

    @Test
    void losesNoCountUnderConcurrentRecording() throws InterruptedException {
        SlidingWindow window = new SlidingWindow(10);
        int threads = 8;
        int perThread = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    // Four seconds, so that slots are replaced while others record.
                    window.record(100 + i % 4, i % 2 == 0);
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }

        assertThat(window.totals(103)).isEqualTo(new SlidingWindow.Totals((long) threads * perThread,
                (long) threads * perThread / 2));
    }

    @Test
    void rejectsAnEmptyWindow() {
        assertThatThrownBy(() -> new SlidingWindow(0)).hasMessage("seconds: 0 (expected: > 0)");
    }
}
