package io.portico.upstream.lb;

import static io.portico.upstream.UpstreamFixtures.ip;
import static io.portico.upstream.UpstreamFixtures.spec;
import static io.portico.upstream.UpstreamFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.portico.config.UpstreamSpec.Algorithm;
import io.portico.upstream.Target;
import io.portico.upstream.TriedTargets;
import io.portico.upstream.UpstreamFixtures;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoundRobinBalancerTest {

    private static List<Target> targets(int... weights) {
        var specs = new io.portico.config.TargetSpec[weights.length];
        for (int i = 0; i < weights.length; i++) {
            specs[i] = target("127.0.0." + (i + 1) + ":80", weights[i]);
        }
        return UpstreamFixtures.upstream(spec("pool", Algorithm.ROUND_ROBIN, specs)).targets();
    }

    @Test
    void followsNginxSmoothSequence() {
        List<Target> targets = targets(5, 1, 1);
        RoundRobinBalancer balancer = new RoundRobinBalancer(targets, 0);
        StringBuilder picks = new StringBuilder();
        for (int i = 0; i < 14; i++) {
            picks.append((char) ('a' + targets.indexOf(balancer.select(ip("10.0.0.1"), TriedTargets.NONE))));
        }
        assertThat(picks).hasToString("aabacaaaabacaa");
    }

    @Test
    void interleavesHeavyTargetInsteadOfBursting() {
        int[] sequence = RoundRobinBalancer.smoothSequence(new int[] {3, 1});
        assertThat(sequence).containsExactly(0, 0, 1, 0);
    }

    @Test
    void reducesWeightsByTheirCommonDivisor() {
        assertThat(RoundRobinBalancer.smoothSequence(new int[] {100, 100, 100})).containsExactly(0, 1, 2);
    }

    @Test
    void splitsTrafficByWeightWithinFivePercent() {
        List<Target> targets = targets(100, 200, 700);
        Balancer balancer = Balancer.create(Algorithm.ROUND_ROBIN, null, targets, System::nanoTime);
        Map<Target, Integer> counts = count(balancer, 10_000);
        assertThat(counts.get(targets.get(0))).isCloseTo(1_000, within(50));
        assertThat(counts.get(targets.get(1))).isCloseTo(2_000, within(100));
        assertThat(counts.get(targets.get(2))).isCloseTo(7_000, within(350));
    }

    @Test
    void boundsSequenceForLargeCoprimeWeightsAndKeepsProportions() {
        int[] weights = {9973, 7919, 5, 3001};
        int[] sequence = RoundRobinBalancer.smoothSequence(weights);
        assertThat(sequence.length).isLessThanOrEqualTo(RoundRobinBalancer.MAX_SEQUENCE + weights.length);
        int[] counts = new int[weights.length];
        for (int index : sequence) {
            counts[index]++;
        }
        double sum = 9973 + 7919 + 5 + 3001;
        for (int i : new int[] {0, 1, 3}) {
            assertThat(counts[i] / (double) sequence.length).isCloseTo(weights[i] / sum, within(0.001));
        }
        assertThat(counts[2]).isPositive();
    }

    @Test
    void skipsTriedTargets() {
        List<Target> targets = targets(100, 100, 100);
        Balancer balancer = Balancer.create(Algorithm.ROUND_ROBIN, null, targets, System::nanoTime);
        TriedTargets tried = TriedTargets.NONE.with(targets.get(0)).with(targets.get(2));
        for (int i = 0; i < 20; i++) {
            assertThat(balancer.select(ip("10.0.0.1"), tried)).isSameAs(targets.get(1));
        }
        assertThat(balancer.select(ip("10.0.0.1"), tried.with(targets.get(1)))).isNull();
    }

    @Test
    void leavesOutZeroWeightTargets() {
        List<Target> targets = targets(0, 100, 100);
        Balancer balancer = Balancer.create(Algorithm.ROUND_ROBIN, null, targets, System::nanoTime);
        Map<Target, Integer> counts = count(balancer, 1_000);
        assertThat(counts).doesNotContainKey(targets.get(0));
    }

    static Map<Target, Integer> count(Balancer balancer, int picks) {
        Map<Target, Integer> counts = new HashMap<>();
        for (int i = 0; i < picks; i++) {
            counts.merge(balancer.select(ip("10.0.0." + (i % 250)), TriedTargets.NONE), 1, Integer::sum);
        }
        return counts;
    }
}
