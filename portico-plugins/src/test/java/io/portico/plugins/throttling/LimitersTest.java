package io.portico.plugins.throttling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LimitersTest {

    @Test
    void grantsUpToMaxConcurrentThenRefusesWithoutAQueue() {
        Limiters limiters = new Limiters(2, 0);

        Ticket first = limiters.acquire("k");
        Ticket second = limiters.acquire("k");

        assertHolding(first);
        assertHolding(second);
        assertThat(limiters.acquire("k")).isSameAs(Ticket.REFUSED);
        assertThat(limiters.limiter("k").inFlight()).isEqualTo(2);
    }

    @Test
    void handsSlotsToWaitersInArrivalOrder() {
        Limiters limiters = new Limiters(1, 3);
        Ticket holder = limiters.acquire("k");
        Ticket first = limiters.acquire("k");
        Ticket second = limiters.acquire("k");
        Ticket third = limiters.acquire("k");

        assertThat(limiters.acquire("k")).as("the queue holds three").isSameAs(Ticket.REFUSED);
        assertThat(List.of(first, second, third)).allSatisfy(t -> assertThat(t.decision()).isNotDone());

        holder.release();
        assertThat(first.decision()).isCompletedWithValue(true);
        assertThat(second.decision()).isNotDone();
        first.release();
        assertThat(second.decision()).isCompletedWithValue(true);
        assertThat(third.decision()).isNotDone();
        second.release();
        assertThat(third.decision()).isCompletedWithValue(true);
        assertThat(limiters.limiter("k").inFlight()).isEqualTo(1);
        third.release();
        assertThat(limiters.keys()).isZero();
    }

    @Test
    void aWaiterWhoseTimeRanOutLeavesTheQueueAndIsSkipped() {
        Limiters limiters = new Limiters(1, 2);
        Ticket holder = limiters.acquire("k");
        Ticket late = limiters.acquire("k");
        Ticket next = limiters.acquire("k");

        late.expire();

        assertThat(late.decision()).isCompletedWithValue(false);
        assertThat(limiters.limiter("k").waiting()).isEqualTo(1);
        assertThat(limiters.acquire("k").decision()).as("its place is free again").isNotNull();
        holder.release();
        assertThat(next.decision()).isCompletedWithValue(true);
        late.release(); // the log phase of the refused request: holds nothing
        assertThat(limiters.limiter("k").inFlight()).isEqualTo(1);
    }

    @Test
    void aWaitRunningOutAfterTheSlotArrivedChangesNothing() {
        Limiters limiters = new Limiters(1, 1);
        Ticket holder = limiters.acquire("k");
        Ticket waiter = limiters.acquire("k");
        holder.release();

        waiter.expire();

        assertThat(waiter.decision()).isCompletedWithValue(true);
        assertThat(limiters.limiter("k").inFlight()).isEqualTo(1);
        waiter.release();
        assertThat(limiters.keys()).isZero();
    }

    @Test
    void aRequestThatEndsWhileWaitingGivesUpItsPlace() {
        Limiters limiters = new Limiters(1, 1);
        Ticket holder = limiters.acquire("k");
        Ticket gone = limiters.acquire("k");
        assertThat(limiters.acquire("k")).isSameAs(Ticket.REFUSED);

        gone.release();

        assertThat(gone.decision()).isCompletedWithValue(false);
        Ticket next = limiters.acquire("k");
        assertThat(next.decision()).isNotDone();
        holder.release();
        assertThat(next.decision()).isCompletedWithValue(true);
    }

    @Test
    void givesBackASlotHandedToARequestWhoseChainNeverResumed() {
        Limiters limiters = new Limiters(1, 1);
        Ticket holder = limiters.acquire("k");
        Ticket cancelled = limiters.acquire("k");
        holder.release();
        assertThat(cancelled.decision()).isCompletedWithValue(true);

        cancelled.release(); // only the log phase runs for it

        assertThat(limiters.keys()).isZero();
        assertHolding(limiters.acquire("k"));
    }

    @Test
    void releasingTwiceFreesOneSlot() {
        Limiters limiters = new Limiters(2, 0);
        Ticket first = limiters.acquire("k");
        limiters.acquire("k");

        first.release();
        first.release();

        assertThat(limiters.limiter("k").inFlight()).isEqualTo(1);
        assertHolding(limiters.acquire("k"));
        assertThat(limiters.acquire("k")).isSameAs(Ticket.REFUSED);
    }

    @Test
    void keepsKeysApartAndForgetsIdleOnes() {
        Limiters limiters = new Limiters(1, 0);
        Ticket a = limiters.acquire("a");
        Ticket b = limiters.acquire("b");

        assertHolding(a);
        assertHolding(b);
        assertThat(limiters.acquire("a")).isSameAs(Ticket.REFUSED);
        assertThat(limiters.keys()).isEqualTo(2);
        a.release();
        assertThat(limiters.keys()).isEqualTo(1);
        assertThat(limiters.limiter("a")).isNull();
        b.release();
        assertThat(limiters.keys()).isZero();
    }

    /**
     * Threads act like requests: take a slot or wait, sometimes give up waiting or run out of time,
     * always give the ticket back at the end as the log phase does.
     */
    @Test
    void neverExceedsTheLimitNorLeaksASlotUnderContention() throws Exception {
        int max = 4;
        int threads = 16;
        int requestsPerThread = 3_000;
        Limiters limiters = new Limiters(max, 6);
        String[] keys = {"k", "other"};
        AtomicInteger[] inUse = {new AtomicInteger(), new AtomicInteger()};
        AtomicInteger mostInUse = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < requestsPerThread; i++) {
                        int key = random.nextInt(10) == 0 ? 1 : 0;
                        Ticket ticket = limiters.acquire(keys[key]);
                        if (ticket == Ticket.REFUSED) {
                            continue;
                        }
                        boolean holds = ticket.decision() == null;
                        if (!holds) {
                            int choice = random.nextInt(10);
                            if (choice == 0) {
                                ticket.expire();
                            } else if (choice == 1) {
                                ticket.release(); // the client left while waiting
                                continue;
                            }
                            holds = ticket.decision().get(10, TimeUnit.SECONDS);
                        }
                        if (holds) {
                            mostInUse.accumulateAndGet(inUse[key].incrementAndGet(), Math::max);
                            for (int spin = random.nextInt(50); spin > 0; spin--) {
                                Thread.onSpinWait();
                            }
                            inUse[key].decrementAndGet();
                            served.incrementAndGet();
                        }
                        ticket.release();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(mostInUse.get()).as("requests in flight for one key").isBetween(1, max);
        assertThat(served.get()).isPositive();
        assertThat(limiters.keys()).as("every slot and place given back").isZero();
    }

    @Test
    void oneKeyNeverHasMoreThanMaxInFlightUnderContention() throws Exception {
        int max = 3;
        int threads = 12;
        Limiters limiters = new Limiters(max, threads);
        AtomicInteger inUse = new AtomicInteger();
        AtomicInteger mostInUse = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 2_000; i++) {
                        Ticket ticket = limiters.acquire("k");
                        assertThat(ticket).isNotSameAs(Ticket.REFUSED); // the queue has room for every thread
                        if (ticket.decision() != null) {
                            assertThat(ticket.decision().get(10, TimeUnit.SECONDS)).isTrue();
                        }
                        mostInUse.accumulateAndGet(inUse.incrementAndGet(), Math::max);
                        Thread.yield();
                        inUse.decrementAndGet();
                        ticket.release();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(mostInUse.get()).isBetween(1, max);
        assertThat(limiters.keys()).isZero();
    }

    private static void assertHolding(Ticket ticket) {
        assertThat(ticket).isNotSameAs(Ticket.REFUSED);
        assertThat(ticket.decision()).as("holds a slot at once").isNull();
    }
}
