package io.portico.upstream;

import static io.portico.upstream.UpstreamFixtures.backup;
import static io.portico.upstream.UpstreamFixtures.ip;
import static io.portico.upstream.UpstreamFixtures.passive;
import static io.portico.upstream.UpstreamFixtures.spec;
import static io.portico.upstream.UpstreamFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.config.HashOnSpec;
import io.portico.config.HostPort;
import io.portico.config.UpstreamSpec.Algorithm;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UpstreamTest {

    private static void eject(Target target) {
        for (int i = 0; i < 2; i++) {
            target.attemptStarted();
            target.attemptFinished(AttemptOutcome.CONNECT_FAILURE, 1_000);
        }
        assertThat(target.isHealthy()).isFalse();
    }

    private static Set<Target> picks(Upstream upstream, TriedTargets tried) {
        Set<Target> picked = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            picked.add(upstream.select(ip("10.0.0." + (i % 250)), tried));
        }
        return picked;
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void usesBackupTargetsOnlyWhenNoPrimaryIsHealthy(Algorithm algorithm) {
        Upstream upstream = UpstreamFixtures.upstream(spec("pool", algorithm, HashOnSpec.IP,
                passive(2, Duration.ofSeconds(30)),
                target("127.0.0.1:9001", 100), target("127.0.0.1:9002", 100), backup("127.0.0.1:9003")));
        List<Target> targets = upstream.targets();
        assertThat(picks(upstream, TriedTargets.NONE)).containsExactlyInAnyOrder(targets.get(0), targets.get(1));

        eject(targets.get(0));
        assertThat(picks(upstream, TriedTargets.NONE)).containsExactly(targets.get(1));

        eject(targets.get(1));
        assertThat(picks(upstream, TriedTargets.NONE)).containsExactly(targets.get(2));

        eject(targets.get(2));
        assertThat(picks(upstream, TriedTargets.NONE)).containsExactly((Target) null);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void neverSelectsATriedTarget(Algorithm algorithm) {
        Upstream upstream = UpstreamFixtures.upstream(spec("pool", algorithm,
                target("127.0.0.1:9001", 100), target("127.0.0.1:9002", 100), target("127.0.0.1:9003", 100)));
        List<Target> targets = upstream.targets();
        TriedTargets tried = TriedTargets.NONE.with(targets.get(1));
        assertThat(picks(upstream, tried)).doesNotContain(targets.get(1)).isNotEmpty().doesNotContainNull();
        TriedTargets allTried = tried.with(targets.get(0)).with(targets.get(2));
        assertThat(upstream.select(ip("10.0.0.1"), allTried)).isNull();
    }

    @Test
    void fallsBackToBackupWhenEveryHealthyPrimaryWasTried() {
        Upstream upstream = UpstreamFixtures.upstream(spec("pool", Algorithm.ROUND_ROBIN,
                target("127.0.0.1:9001", 100), backup("127.0.0.1:9003")));
        Target primary = upstream.targets().get(0);
        Target backup = upstream.targets().get(1);
        assertThat(upstream.select(ip("10.0.0.1"), TriedTargets.NONE)).isSameAs(primary);
        assertThat(upstream.select(ip("10.0.0.1"), TriedTargets.NONE.with(primary))).isSameAs(backup);
    }

    @Test
    void consistentHashMovesKeysOfAnUnhealthyTargetOnly() {
        Upstream upstream = UpstreamFixtures.upstream(spec("pool", Algorithm.CONSISTENT_HASH, HashOnSpec.IP,
                passive(2, Duration.ofSeconds(30)),
                target("127.0.0.1:9001", 100), target("127.0.0.1:9002", 100), target("127.0.0.1:9003", 100)));
        Target[] before = new Target[300];
        for (int i = 0; i < before.length; i++) {
            before[i] = upstream.select(ip("172.16.0." + i), TriedTargets.NONE);
        }
        Target down = upstream.targets().get(1);
        eject(down);
        for (int i = 0; i < before.length; i++) {
            Target now = upstream.select(ip("172.16.0." + i), TriedTargets.NONE);
            assertThat(now).isNotSameAs(down);
            if (before[i] != down) {
                assertThat(now).isSameAs(before[i]);
            }
        }
    }

    @Test
    void directUpstreamHasOneTargetThatIsNeverUnhealthy() {
        Upstream upstream = Upstream.direct(HostPort.parse("127.0.0.1:8081"));
        Target target = upstream.targets().get(0);
        assertThat(upstream.name()).isEqualTo("127.0.0.1:8081");
        assertThat(target.socketAddress().getPort()).isEqualTo(8081);
        for (int i = 0; i < 100; i++) {
            target.attemptStarted();
            target.attemptFinished(AttemptOutcome.CONNECT_FAILURE, 1_000);
        }
        assertThat(target.isHealthy()).isTrue();
        assertThat(upstream.select(ip("10.0.0.1"), TriedTargets.NONE)).isSameAs(target);
        assertThat(upstream.select(ip("10.0.0.1"), TriedTargets.NONE.with(target))).isNull();
    }

    @Test
    void resolvesTargetHostNames() {
        Upstream upstream = UpstreamFixtures.upstream(spec("pool", Algorithm.ROUND_ROBIN,
                target("localhost:9001", 100)));
        Target target = upstream.targets().get(0);
        assertThat(target.address()).isEqualTo(new HostPort("localhost", 9001));
        assertThat(target.socketAddress().isUnresolved()).isFalse();
        assertThat(target.socketAddress().getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void rejectsAnUnresolvableHostWithAClearMessage() {
        assertThatThrownBy(() -> UpstreamFixtures.upstream(spec("users-pool", Algorithm.ROUND_ROBIN,
                target("no-such-host.invalid:9001", 100))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("upstream users-pool: target \"no-such-host.invalid:9001\": cannot resolve "
                        + "no-such-host.invalid (expected: a resolvable host name or IP address)");
    }

    @Test
    void countsActiveRequests() {
        Target target = UpstreamFixtures.upstream(spec("pool", Algorithm.ROUND_ROBIN,
                target("127.0.0.1:9001", 100))).targets().get(0);
        target.attemptStarted();
        target.attemptStarted();
        assertThat(target.activeRequests()).isEqualTo(2);
        target.attemptFinished(AttemptOutcome.response(200), 1_000);
        assertThat(target.activeRequests()).isEqualTo(1);
    }
}
