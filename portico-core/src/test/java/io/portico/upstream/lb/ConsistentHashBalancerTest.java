package io.portico.upstream.lb;

import static io.portico.upstream.UpstreamFixtures.ip;
import static io.portico.upstream.UpstreamFixtures.spec;
import static io.portico.upstream.UpstreamFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.portico.config.HashOnSpec;
import io.portico.config.TargetSpec;
import io.portico.config.UpstreamSpec.Algorithm;
import io.portico.upstream.Target;
import io.portico.upstream.TriedTargets;
import io.portico.upstream.UpstreamFixtures;
import io.portico.upstream.UpstreamFixtures.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsistentHashBalancerTest {

    private static List<Target> targets(int count, int weight) {
        TargetSpec[] specs = new TargetSpec[count];
        for (int i = 0; i < count; i++) {
            specs[i] = target("10.1.0." + (i + 1) + ":8080", weight);
        }
        return UpstreamFixtures.upstream(spec("pool", Algorithm.CONSISTENT_HASH, specs)).targets();
    }

    private static Balancer ring(List<Target> targets, HashOnSpec hashOn) {
        return Balancer.create(Algorithm.CONSISTENT_HASH, hashOn, targets, System::nanoTime);
    }

    private static String key(int i) {
        return "192.168." + (i / 256) + "." + (i % 256);
    }

    @Test
    void sendsTheSameKeyToTheSameTarget() {
        Balancer balancer = ring(targets(5, 100), HashOnSpec.IP);
        for (int i = 0; i < 100; i++) {
            Target first = balancer.select(ip(key(i)), TriedTargets.NONE);
            assertThat(balancer.select(ip(key(i)), TriedTargets.NONE)).isSameAs(first);
            assertThat(ring(new ArrayList<>(targets(5, 100)), HashOnSpec.IP).select(ip(key(i)), TriedTargets.NONE)
                    .address()).isEqualTo(first.address());
        }
    }

    @Test
    void addingOneTargetMovesAboutOneInNPlusOneKeysAndOnlyToTheNewTarget() {
        List<Target> five = targets(5, 100);
        List<Target> four = five.subList(0, 4);
        Balancer before = ring(four, HashOnSpec.IP);
        Balancer after = ring(five, HashOnSpec.IP);
        int moved = 0;
        int keys = 10_000;
        for (int i = 0; i < keys; i++) {
            Target was = before.select(ip(key(i)), TriedTargets.NONE);
            Target now = after.select(ip(key(i)), TriedTargets.NONE);
            if (was != now) {
                moved++;
                assertThat(now).as("key %s moved between old targets", key(i)).isSameAs(five.get(4));
            }
        }
        assertThat(moved / (double) keys).isCloseTo(1 / 5.0, within(0.05));
    }

    @Test
    void splitsKeysByWeight() {
        List<Target> targets = UpstreamFixtures.upstream(spec("pool", Algorithm.CONSISTENT_HASH,
                target("10.1.0.1:80", 100), target("10.1.0.2:80", 300))).targets();
        Balancer balancer = ring(targets, HashOnSpec.IP);
        Map<Target, Integer> counts = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            counts.merge(balancer.select(ip(key(i)), TriedTargets.NONE), 1, Integer::sum);
        }
        assertThat(counts.get(targets.get(0)) / 10_000.0).isCloseTo(0.25, within(0.05));
        assertThat(counts.get(targets.get(1)) / 10_000.0).isCloseTo(0.75, within(0.05));
    }

    @Test
    void spreadsEqualTargetsEvenly() {
        List<Target> targets = targets(4, 100);
        Balancer balancer = ring(targets, HashOnSpec.IP);
        Map<Target, Integer> counts = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            counts.merge(balancer.select(ip(key(i)), TriedTargets.NONE), 1, Integer::sum);
        }
        for (Target target : targets) {
            assertThat(counts.get(target) / 10_000.0).as("share of %s", target).isCloseTo(0.25, within(0.05));
        }
    }

    @Test
    void walksTheRingPastTriedTargets() {
        List<Target> targets = targets(3, 100);
        Balancer balancer = ring(targets, HashOnSpec.IP);
        for (int i = 0; i < 50; i++) {
            Target owner = balancer.select(ip(key(i)), TriedTargets.NONE);
            TriedTargets tried = TriedTargets.NONE.with(owner);
            Target next = balancer.select(ip(key(i)), tried);
            assertThat(next).isNotNull().isNotSameAs(owner);
            assertThat(balancer.select(ip(key(i)), tried)).isSameAs(next);
            assertThat(balancer.select(ip(key(i)), tried.with(next))).isNotNull().isNotIn(owner, next);
        }
        TriedTargets all = TriedTargets.NONE.with(targets.get(0)).with(targets.get(1)).with(targets.get(2));
        assertThat(balancer.select(ip(key(1)), all)).isNull();
    }

    @Test
    void hashesOnHeaderAndFallsBackToClientIpWithoutIt() {
        Balancer byHeader = ring(targets(8, 100), new HashOnSpec(HashOnSpec.Kind.HEADER, "x-user"));
        Balancer byIp = ring(targets(8, 100), HashOnSpec.IP);
        int differs = 0;
        for (int i = 0; i < 200; i++) {
            Context withHeader = new Context("10.9.9.9", Map.of("x-user", "user-" + i), Map.of(), "/", null);
            Context otherIp = new Context("10.9.9." + (i % 200), Map.of("x-user", "user-" + i), Map.of(), "/", null);
            assertThat(byHeader.select(otherIp, TriedTargets.NONE).address())
                    .isEqualTo(byHeader.select(withHeader, TriedTargets.NONE).address());
            if (byHeader.select(withHeader, TriedTargets.NONE) != byHeader.select(ip("10.9.9.9"), TriedTargets.NONE)) {
                differs++;
            }
            assertThat(byHeader.select(ip(key(i)), TriedTargets.NONE).address())
                    .isEqualTo(byIp.select(ip(key(i)), TriedTargets.NONE).address());
        }
        assertThat(differs).as("header values spread over targets").isGreaterThan(100);
    }

    @Test
    void hashesOnCookieConsumerAndPath() {
        List<Target> targets = targets(8, 100);
        Balancer byCookie = ring(targets, new HashOnSpec(HashOnSpec.Kind.COOKIE, "session"));
        Balancer byConsumer = ring(targets, new HashOnSpec(HashOnSpec.Kind.CONSUMER, null));
        Balancer byPath = ring(targets, new HashOnSpec(HashOnSpec.Kind.PATH, null));
        Balancer byIp = ring(targets, HashOnSpec.IP);
        for (int i = 0; i < 100; i++) {
            String value = "v-" + i;
            Target expected = byIp.select(ip(value), TriedTargets.NONE);
            assertThat(byCookie.select(new Context("1.1.1.1", Map.of(), Map.of("session", value), "/", null),
                    TriedTargets.NONE)).isSameAs(expected);
            assertThat(byConsumer.select(new Context("1.1.1.1", Map.of(), Map.of(), "/", value),
                    TriedTargets.NONE)).isSameAs(expected);
            assertThat(byPath.select(new Context("1.1.1.1", Map.of(), Map.of(), value, null),
                    TriedTargets.NONE)).isSameAs(expected);
            assertThat(byConsumer.select(new Context(value, Map.of(), Map.of(), "/", null), TriedTargets.NONE))
                    .as("no consumer: client IP").isSameAs(expected);
            assertThat(byCookie.select(new Context(value, Map.of(), Map.of("other", "x"), "/", null),
                    TriedTargets.NONE)).as("no cookie: client IP").isSameAs(expected);
        }
    }

    @Test
    void givesVirtualNodesInProportionToWeight() {
        List<Target> targets = UpstreamFixtures.upstream(spec("pool", Algorithm.CONSISTENT_HASH,
                target("10.1.0.1:80", 100), target("10.1.0.2:80", 50))).targets();
        ConsistentHashBalancer balancer = new ConsistentHashBalancer(targets, HashOnSpec.IP);
        assertThat(balancer.ringSize()).isEqualTo(150 * ConsistentHashBalancer.VNODES_PER_WEIGHT);
    }
}
