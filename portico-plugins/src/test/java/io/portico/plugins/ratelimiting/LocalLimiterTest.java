package io.portico.plugins.ratelimiting;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalLimiterTest {

    /** The start of a minute (and of a second): windows are aligned to the epoch. */
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final LocalCounters counters = new LocalCounters();

    @Test
    void fixedWindowAllowsTheLimitThenRefusesUntilTheWindowEnds() {
        LocalLimiter limiter = limiter(Algorithm.FIXED_WINDOW, new Limit(Period.MINUTE, 3, 3));

        assertThat(allowedOf(limiter, 5)).isEqualTo(3);
        clock.advance(Duration.ofSeconds(45));
        Decision refused = decide(limiter);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.usages()[0].retryAfterMillis()).isEqualTo(15_000);

        clock.advance(Duration.ofSeconds(15));
        assertThat(allowedOf(limiter, 5)).isEqualTo(3);
    }

    @Test
    void slidingWindowWeighsThePreviousWindowByItsOverlap() {
        LocalLimiter limiter = limiter(Algorithm.SLIDING_WINDOW, new Limit(Period.MINUTE, 10, 10));
        assertThat(allowedOf(limiter, 10)).isEqualTo(10);

        // 15 s into the next minute, 45/60 of the previous window still counts: ceil(10 × 0.75) = 8.
        clock.advance(Duration.ofSeconds(75));
        assertThat(allowedOf(limiter, 10)).isEqualTo(2);
        Decision refused = decide(limiter);
        assertThat(refused.allowed()).isFalse();
        // 10 × r / 60 s <= 10 - 1 - 2 once r <= 42 s, that is 3 s from now.
        assertThat(refused.usages()[0].retryAfterMillis()).isEqualTo(3_000);

        clock.advance(Duration.ofSeconds(3));
        assertThat(allowedOf(limiter, 10)).isEqualTo(1);
    }

    @Test
    void slidingWindowForgetsWindowsOlderThanThePreviousOne() {
        LocalLimiter limiter = limiter(Algorithm.SLIDING_WINDOW, new Limit(Period.SECOND, 5, 5));
        assertThat(allowedOf(limiter, 5)).isEqualTo(5);

        clock.advance(Duration.ofMillis(2_000));
        assertThat(allowedOf(limiter, 10)).isEqualTo(5);
    }

    @Test
    void tokenBucketAllowsABurstThenRefillsAtTheRate() {
        // 60 a minute is one a second; up to 5 at once.
        LocalLimiter limiter = limiter(Algorithm.TOKEN_BUCKET, new Limit(Period.MINUTE, 60, 5));

        assertThat(allowedOf(limiter, 10)).isEqualTo(5);
        Decision refused = decide(limiter);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.usages()[0].retryAfterMillis()).isEqualTo(1_000);

        clock.advance(Duration.ofMillis(2_500));
        assertThat(allowedOf(limiter, 10)).isEqualTo(2);
        clock.advance(Duration.ofMinutes(10));
        assertThat(allowedOf(limiter, 10)).isEqualTo(5);
    }

    @Test
    void aRequestRefusedByOnePeriodIsCountedInNone() {
        LocalLimiter limiter = limiter(Algorithm.FIXED_WINDOW,
                new Limit(Period.SECOND, 2, 2), new Limit(Period.MINUTE, 5, 5));

        assertThat(allowedOf(limiter, 10)).isEqualTo(2); // eight refused by the second limit
        clock.advance(Duration.ofSeconds(1));
        assertThat(allowedOf(limiter, 10)).isEqualTo(2);
        clock.advance(Duration.ofSeconds(1));
        // 4 counted in the minute: only 1 more, and the refusals did not use up the second's room.
        Decision last = decide(limiter);
        assertThat(last.allowed()).isTrue();
        assertThat(last.remaining(last.usages()[1])).isZero();
        assertThat(allowedOf(limiter, 10)).isZero();
    }

    @Test
    void refusalsDoNotCountSoAPatientClientRecovers() {
        LocalLimiter limiter = limiter(Algorithm.SLIDING_WINDOW, new Limit(Period.SECOND, 3, 3));
        assertThat(allowedOf(limiter, 1_000)).isEqualTo(3);

        clock.advance(Duration.ofSeconds(2));
        assertThat(allowedOf(limiter, 3)).isEqualTo(3);
    }

    @Test
    void countsIdentitiesAndScopesApart() {
        LocalLimiter limiter = limiter(Algorithm.FIXED_WINDOW, new Limit(Period.MINUTE, 1, 1));
        LocalLimiter otherRoute = new LocalLimiter(counters, "route other", Algorithm.FIXED_WINDOW,
                List.of(new Limit(Period.MINUTE, 1, 1)));

        assertThat(limiter.decide("ip:10.0.0.1", clock.millis()).allowed()).isTrue();
        assertThat(limiter.decide("ip:10.0.0.2", clock.millis()).allowed()).isTrue();
        assertThat(otherRoute.decide("ip:10.0.0.1", clock.millis()).allowed()).isTrue();
        assertThat(limiter.decide("ip:10.0.0.1", clock.millis()).allowed()).isFalse();
    }

    @Test
    void boundsTheCountersItKeeps() {
        LocalCounters small = new LocalCounters(100);
        LocalLimiter limiter = new LocalLimiter(small, "route r", Algorithm.FIXED_WINDOW,
                List.of(new Limit(Period.SECOND, 1, 1)));
        for (int i = 0; i < 1_000; i++) {
            limiter.decide("ip:10.0.0." + i, clock.millis());
        }

        assertThat(small.size()).isLessThanOrEqualTo(100);
    }

    @Test
    void fiftyThreadsNeverExceedAnyLimit() throws Exception {
        for (Algorithm algorithm : Algorithm.values()) {
            LocalLimiter limiter = new LocalLimiter(counters, "route " + algorithm, algorithm,
                    List.of(new Limit(Period.SECOND, 40, 40), new Limit(Period.MINUTE, 100, 100)));
            long now = clock.millis();

            assertThat(concurrentlyAllowed(limiter, now, 1_000)).as(algorithm.configName()).isEqualTo(40);
            assertThat(concurrentlyAllowed(limiter, now + 1_000 * 1, 1_000)).as(algorithm.configName())
                    .isLessThanOrEqualTo(40);
        }
    }

    @Test
    void fiftyThreadsGetExactlyTheLimitOfOneWindow() throws Exception {
        LocalLimiter limiter = limiter(Algorithm.FIXED_WINDOW, new Limit(Period.MINUTE, 100, 100));

        assertThat(concurrentlyAllowed(limiter, clock.millis(), 1_000)).isEqualTo(100);
    }

    private int concurrentlyAllowed(LocalLimiter limiter, long nowMillis, int requests) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(50);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 50; t++) {
                results.add(threads.submit(() -> {
                    start.await();
                    int allowed = 0;
                    for (int i = 0; i < requests / 50; i++) {
                        if (limiter.decide("ip:10.0.0.1", nowMillis).allowed()) {
                            allowed++;
                        }
                    }
                    return allowed;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> result : results) {
                total += result.get(10, TimeUnit.SECONDS);
            }
            return total;
        } finally {
            threads.shutdownNow();
        }
    }

    private LocalLimiter limiter(Algorithm algorithm, Limit... limits) {
        return new LocalLimiter(counters, "route r", algorithm, List.of(limits));
    }

    private Decision decide(LocalLimiter limiter) {
        return limiter.decide("ip:10.0.0.1", clock.millis());
    }

    private int allowedOf(LocalLimiter limiter, int attempts) {
        int allowed = 0;
        for (int i = 0; i < attempts; i++) {
            if (decide(limiter).allowed()) {
                allowed++;
            }
        }
        return allowed;
    }
}
