package io.portico.upstream;

import static io.portico.upstream.UpstreamFixtures.ip;
import static io.portico.upstream.UpstreamFixtures.passive;
import static io.portico.upstream.UpstreamFixtures.spec;
import static io.portico.upstream.UpstreamFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.portico.config.HashOnSpec;
import io.portico.config.UpstreamSpec.Algorithm;
import io.portico.upstream.UpstreamFixtures.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UpstreamConcurrencyTest {

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void selectsAHealthyTargetWhileOthersFlipConcurrently(Algorithm algorithm) throws Exception {
        ManualTicker ticker = new ManualTicker();
        Upstream upstream = UpstreamFixtures.upstream(spec("pool", algorithm, HashOnSpec.IP,
                passive(1, Duration.ofSeconds(1)), target("127.0.0.1:9001", 100), target("127.0.0.1:9002", 100),
                target("127.0.0.1:9003", 100)), ticker);
        Target stable = upstream.targets().get(0);
        Target flapping1 = upstream.targets().get(1);
        Target flapping2 = upstream.targets().get(2);
        AtomicBoolean stop = new AtomicBoolean();
        // The flips start only once every selector is selecting, so they really overlap.
        CountDownLatch selecting = new CountDownLatch(3);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> selectors = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                selectors.add(threads.submit(() -> {
                    int selected = 0;
                    for (int i = 0; i < 200_000 && !stop.get(); i++) {
                        Target target = upstream.select(ip("10.0.0." + (i & 127)), TriedTargets.NONE);
                        assertThat(target).isNotNull();
                        target.attemptStarted();
                        target.attemptFinished(AttemptOutcome.response(200), 1_000);
                        if (selected++ == 0) {
                            selecting.countDown();
                        }
                    }
                    return selected;
                }));
            }
            Future<?> flipper = threads.submit(() -> {
                assertThat(selecting.await(30, TimeUnit.SECONDS)).isTrue();
                for (int i = 0; i < 2_000; i++) {
                    Target target = (i & 1) == 0 ? flapping1 : flapping2;
                    target.attemptStarted();
                    target.attemptFinished(AttemptOutcome.CONNECT_FAILURE, 1_000);
                    ticker.advance(Duration.ofMillis(600));
                }
                return null;
            });
            flipper.get(30, TimeUnit.SECONDS);
            stop.set(true);
            for (Future<Integer> selector : selectors) {
                assertThat(selector.get(30, TimeUnit.SECONDS)).isPositive();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(stable.isHealthy()).isTrue();
        assertThat(stable.activeRequests()).isZero();
        ticker.advance(Duration.ofSeconds(2));
        upstream.select(ip("10.0.0.1"), TriedTargets.NONE);
        assertThat(flapping1.isHealthy()).isTrue();
        assertThat(flapping2.isHealthy()).isTrue();
    }
}
