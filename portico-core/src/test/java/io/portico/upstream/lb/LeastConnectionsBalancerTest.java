package io.portico.upstream.lb;

import static io.portico.upstream.UpstreamFixtures.ip;
import static io.portico.upstream.UpstreamFixtures.spec;
import static io.portico.upstream.UpstreamFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.portico.config.UpstreamSpec.Algorithm;
import io.portico.upstream.Target;
import io.portico.upstream.TriedTargets;
import io.portico.upstream.UpstreamFixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeastConnectionsBalancerTest {

    private final List<Target> targets = UpstreamFixtures.upstream(spec("pool", Algorithm.LEAST_CONNECTIONS,
            target("127.0.0.1:80", 100), target("127.0.0.2:80", 100), target("127.0.0.3:80", 200))).targets();
    private final Balancer balancer =
            Balancer.create(Algorithm.LEAST_CONNECTIONS, null, targets, System::nanoTime);

    private static void start(Target target, int attempts) {
        for (int i = 0; i < attempts; i++) {
            target.attemptStarted();
        }
    }

    @Test
    void prefersTargetWithFewestActiveRequests() {
        start(targets.get(0), 3);
        start(targets.get(1), 1);
        start(targets.get(2), 5);
        for (int i = 0; i < 10; i++) {
            assertThat(balancer.select(ip("10.0.0.1"), TriedTargets.NONE)).isSameAs(targets.get(1));
        }
    }

    @Test
    void weighsActiveRequestsByWeight() {
        start(targets.get(0), 2);
        start(targets.get(1), 2);
        start(targets.get(2), 3); // 3 / 200 < 2 / 100
        assertThat(balancer.select(ip("10.0.0.1"), TriedTargets.NONE)).isSameAs(targets.get(2));
    }

    @Test
    void rotatesAmongEquallyLoadedTargets() {
        Balancer equal =
                Balancer.create(Algorithm.LEAST_CONNECTIONS, null, targets.subList(0, 2), System::nanoTime);
        Map<Target, Integer> counts = RoundRobinBalancerTest.count(equal, 1_000);
        assertThat(counts.get(targets.get(0))).isEqualTo(500);
        assertThat(counts.get(targets.get(1))).isEqualTo(500);
    }

    @Test
    void spreadsInFlightRequestsByWeight() {
        for (int i = 0; i < 400; i++) {
            balancer.select(ip("10.0.0.1"), TriedTargets.NONE).attemptStarted();
        }
        assertThat(targets.get(0).activeRequests()).isEqualTo(100);
        assertThat(targets.get(1).activeRequests()).isEqualTo(100);
        assertThat(targets.get(2).activeRequests()).isEqualTo(200);
    }

    @Test
    void skipsTriedTargetEvenWhenItIsLeastLoaded() {
        start(targets.get(0), 1);
        start(targets.get(2), 9);
        Target pick = balancer.select(ip("10.0.0.1"), TriedTargets.NONE.with(targets.get(1)));
        assertThat(pick).isSameAs(targets.get(0));
    }
}
