package io.portico.upstream.lb;

import static io.portico.upstream.UpstreamFixtures.ip;
import static io.portico.upstream.UpstreamFixtures.spec;
import static io.portico.upstream.UpstreamFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.portico.config.UpstreamSpec.Algorithm;
import io.portico.upstream.AttemptOutcome;
import io.portico.upstream.Target;
import io.portico.upstream.TriedTargets;
import io.portico.upstream.UpstreamFixtures;
import io.portico.upstream.UpstreamFixtures.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class P2cEwmaBalancerTest {

    private final ManualTicker ticker = new ManualTicker();
    private final List<Target> targets = UpstreamFixtures.upstream(spec("pool", Algorithm.P2C_EWMA,
            target("127.0.0.1:80", 100), target("127.0.0.2:80", 100), target("127.0.0.3:80", 100)), ticker)
            .targets();
    private final Balancer balancer = Balancer.create(Algorithm.P2C_EWMA, null, targets, ticker);

    private static void respond(Target target, Duration latency) {
        target.attemptStarted();
        target.attemptFinished(AttemptOutcome.response(200), latency.toNanos());
    }

    @Test
    void prefersTheFasterTarget() {
        respond(targets.get(0), Duration.ofMillis(5));
        respond(targets.get(1), Duration.ofMillis(20));
        respond(targets.get(2), Duration.ofMillis(80));
        Map<Target, Integer> counts = RoundRobinBalancerTest.count(balancer, 10_000);
        // The fastest wins every pair it is in (2 of 3), the middle one the pair of the two slower ones.
        assertThat(counts.get(targets.get(0)) / 10_000.0).isCloseTo(2 / 3.0, within(0.05));
        assertThat(counts.get(targets.get(1)) / 10_000.0).isCloseTo(1 / 3.0, within(0.05));
        assertThat(counts).doesNotContainKey(targets.get(2));
    }

    @Test
    void prefersTheLessLoadedTargetWhenLatenciesAreEqual() {
        for (Target target : targets) {
            respond(target, Duration.ofMillis(10));
        }
        for (int i = 0; i < 4; i++) {
            targets.get(0).attemptStarted();
            targets.get(1).attemptStarted();
        }
        Map<Target, Integer> counts = RoundRobinBalancerTest.count(balancer, 10_000);
        // The idle target wins every pair it is in: 2 of 3.
        assertThat(counts.get(targets.get(2)) / 10_000.0).isCloseTo(2 / 3.0, within(0.05));
    }

    @Test
    void averagesFasterSamplesInOverTimeButTakesSlowerOnesAtOnce() {
        Target target = targets.get(0);
        respond(target, Duration.ofMillis(10));
        respond(target, Duration.ofMillis(100));
        assertThat(target.latencyEwmaNanos()).isEqualTo(100e6);
        ticker.advance(Duration.ofSeconds(10));
        respond(target, Duration.ofMillis(10));
        // One decay time later the old estimate keeps a weight of 1/e.
        assertThat(target.latencyEwmaNanos()).isCloseTo(10e6 + 90e6 / Math.E, within(1e3));
    }

    @Test
    void probesAnAvoidedTargetAgainOnceItsEstimateHasDecayed() {
        respond(targets.get(1), Duration.ofSeconds(1));
        ticker.advance(Duration.ofSeconds(60));
        respond(targets.get(0), Duration.ofMillis(10));
        Balancer two = Balancer.create(Algorithm.P2C_EWMA, null, targets.subList(0, 2), ticker);
        assertThat(two.select(ip("10.0.0.1"), TriedTargets.NONE)).isSameAs(targets.get(1));
    }

    @Test
    void backsOffFromATargetThatFailsFast() {
        respond(targets.get(0), Duration.ofMillis(10));
        respond(targets.get(1), Duration.ofMillis(10));
        targets.get(0).attemptStarted();
        targets.get(0).attemptFinished(AttemptOutcome.CONNECT_FAILURE, 100_000);
        assertThat(targets.get(0).latencyEwmaNanos()).isEqualTo(20e6);
        Balancer two = Balancer.create(Algorithm.P2C_EWMA, null, targets.subList(0, 2), ticker);
        assertThat(two.select(ip("10.0.0.1"), TriedTargets.NONE)).isSameAs(targets.get(1));
    }

    @Test
    void skipsTriedTargets() {
        respond(targets.get(0), Duration.ofMillis(1));
        TriedTargets tried = TriedTargets.NONE.with(targets.get(0));
        for (int i = 0; i < 100; i++) {
            assertThat(balancer.select(ip("10.0.0.1"), tried)).isNotNull().isNotSameAs(targets.get(0));
        }
        assertThat(balancer.select(ip("10.0.0.1"), tried.with(targets.get(1)))).isSameAs(targets.get(2));
        assertThat(balancer.select(ip("10.0.0.1"), tried.with(targets.get(1)).with(targets.get(2)))).isNull();
    }
}
