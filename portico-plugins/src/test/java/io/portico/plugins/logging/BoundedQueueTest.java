package io.portico.plugins.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugins.logging.BoundedQueue.Offer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedQueueTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final BoundedQueue<String> queue = new BoundedQueue<>(3);

    @Test
    void asksForAConsumerOnlyWhenNoneRuns() throws Exception {
        assertThat(queue.offer("a")).isEqualTo(Offer.START_CONSUMER);
        assertThat(queue.offer("b")).isEqualTo(Offer.QUEUED);
        assertThat(queue.take(10, 0, SECOND)).containsExactly("a", "b");
        assertThat(queue.offer("c")).isEqualTo(Offer.QUEUED);
    }

    @Test
    void refusesWhenFullAndOnceClosed() {
        queue.offer("a");
        queue.offer("b");
        queue.offer("c");

        assertThat(queue.offer("d")).isEqualTo(Offer.FULL);
        queue.close();
        assertThat(queue.offer("e")).isEqualTo(Offer.CLOSED);
        assertThat(queue.size()).isEqualTo(3);
    }

    @Test
    void theConsumerEndsWhenTheQueueStaysIdleAndTheNextOfferAsksForAnother() throws Exception {
        queue.offer("a");
        assertThat(queue.take(10, 0, SECOND)).containsExactly("a");

        assertThat(queue.take(10, 0, TimeUnit.MILLISECONDS.toNanos(20))).isNull();
        assertThat(queue.awaitConsumerEnded(0)).isTrue();
        assertThat(queue.offer("b")).isEqualTo(Offer.START_CONSUMER);
    }

    @Test
    void takesAtMostTheBatchSize() throws Exception {
        queue.offer("a");
        queue.offer("b");
        queue.offer("c");

        assertThat(queue.take(2, 0, SECOND)).containsExactly("a", "b");
        assertThat(queue.take(2, 0, SECOND)).containsExactly("c");
    }

    @Test
    void waitsUpToTheCoalescingDelayForABatchToFill() throws Exception {
        queue.offer("a");
        long start = System.nanoTime();

        List<String> partial = queue.take(3, TimeUnit.MILLISECONDS.toNanos(100), SECOND);

        assertThat(partial).containsExactly("a");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(90));
    }

    @Test
    void aFullBatchIsTakenWithoutWaitingForTheDelay() throws Exception {
        queue.offer("a");
        CompletableFuture<List<String>> taken = CompletableFuture.supplyAsync(() -> take(3, 30 * SECOND));
        queue.offer("b");
        queue.offer("c");

        assertThat(taken.get(10, TimeUnit.SECONDS)).containsExactly("a", "b", "c");
    }

    @Test
    void closingWakesAWaitingConsumerWhichTakesWhatIsLeftThenEnds() throws Exception {
        queue.offer("a");
        CompletableFuture<List<String>> taken = CompletableFuture.supplyAsync(() -> take(3, 30 * SECOND));
        // The consumer is (or soon will be) waiting for the batch to fill; closing must not make it wait on.
        queue.close();

        assertThat(taken.get(10, TimeUnit.SECONDS)).containsExactly("a");
        assertThat(queue.take(3, 30 * SECOND, 30 * SECOND)).isNull();
        assertThat(queue.awaitConsumerEnded(0)).isTrue();
    }

    @Test
    void awaitClosedReturnsOnCloseOrAfterTheWait() throws Exception {
        assertThat(queue.awaitClosed(TimeUnit.MILLISECONDS.toNanos(10))).isFalse();
        CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.awaitClosed(30 * SECOND);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        queue.close();
        assertThat(waited.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aSmallerCapacityRefusesNewItemsUntilTheQueueShrinks() throws Exception {
        queue.offer("a");
        queue.offer("b");
        queue.capacity(1);

        assertThat(queue.offer("c")).isEqualTo(Offer.FULL);
        queue.take(1, 0, SECOND);
        queue.take(1, 0, SECOND);
        assertThat(queue.offer("d")).isEqualTo(Offer.QUEUED);
    }

    @Test
    void abandonHandsBackTheItemsAndEndsTheConsumer() {
        queue.offer("a");
        queue.offer("b");

        assertThat(queue.abandon()).containsExactly("a", "b");
        assertThat(queue.size()).isZero();
        assertThat(queue.offer("c")).isEqualTo(Offer.START_CONSUMER);
    }

    @Test
    void offersFromManyThreadsAllArriveWithOneConsumerRequest() throws Exception {
        BoundedQueue<Integer> shared = new BoundedQueue<>(100_000);
        int threads = 4;
        int each = 5_000;
        CompletableFuture<?>[] producers = new CompletableFuture<?>[threads];
        AtomicInteger starts = new AtomicInteger();
        for (int t = 0; t < threads; t++) {
            int base = t * each;
            producers[t] = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < each; i++) {
                    if (shared.offer(base + i) == Offer.START_CONSUMER) {
                        starts.incrementAndGet();
                    }
                }
            });
        }
        CompletableFuture.allOf(producers).get(30, TimeUnit.SECONDS);

        assertThat(starts.get()).isEqualTo(1);
        assertThat(shared.take(threads * each, 0, SECOND)).hasSize(threads * each).doesNotHaveDuplicates();
    }

    private List<String> take(int max, long coalesceNanos) {
        try {
            return queue.take(max, coalesceNanos, SECOND);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
