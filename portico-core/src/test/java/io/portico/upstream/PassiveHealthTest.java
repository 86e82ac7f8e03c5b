package io.portico.upstream;

import static io.portico.upstream.UpstreamFixtures.ip;
import static io.portico.upstream.UpstreamFixtures.passive;
import static io.portico.upstream.UpstreamFixtures.spec;
import static io.portico.upstream.UpstreamFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.portico.config.HashOnSpec;
import io.portico.config.HostPort;
import io.portico.config.UpstreamSpec.Algorithm;
import io.portico.upstream.UpstreamFixtures.ManualTicker;
import io.portico.upstream.health.HealthTransition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PassiveHealthTest {

    private final ManualTicker ticker = new ManualTicker();
    private final UpstreamRegistry registry = UpstreamFixtures.registry(List.of(spec("users-pool",
            Algorithm.ROUND_ROBIN, HashOnSpec.IP, passive(3, Duration.ofSeconds(30)),
            target("127.0.0.1:9001", 100), target("127.0.0.1:9002", 100))), null, null, ticker);
    private final Upstream upstream = registry.get("users-pool");
    private final Target first = upstream.targets().get(0);
    private final List<HealthTransition> transitions = new ArrayList<>();

    {
        registry.addHealthListener(transitions::add);
    }

    private static void finish(Target target, AttemptOutcome outcome, int times) {
        for (int i = 0; i < times; i++) {
            target.attemptStarted();
            target.attemptFinished(outcome, 1_000_000);
        }
    }

    private Set<Target> picks() {
        Set<Target> picked = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            picked.add(upstream.select(ip("10.0.0.1"), TriedTargets.NONE));
        }
        return picked;
    }

    @Test
    void ejectsAfterConsecutiveFailuresAndReturnsAfterEjectFor() {
        finish(first, AttemptOutcome.response(502), 2);
        assertThat(first.isHealthy()).isTrue();
        finish(first, AttemptOutcome.CONNECT_FAILURE, 1);
        assertThat(first.isHealthy()).isFalse();
        assertThat(picks()).doesNotContain(first);

        ticker.advance(Duration.ofSeconds(29));
        assertThat(picks()).doesNotContain(first);
        assertThat(first.isHealthy()).isFalse();

        ticker.advance(Duration.ofSeconds(1));
        assertThat(picks()).contains(first);
        assertThat(first.isHealthy()).isTrue();
        assertThat(first.health().passiveFailures()).isZero();
    }

    @Test
    void aSuccessResetsTheFailureCount() {
        finish(first, AttemptOutcome.TIMEOUT, 2);
        finish(first, AttemptOutcome.response(200), 1);
        finish(first, AttemptOutcome.TIMEOUT, 2);
        assertThat(first.isHealthy()).isTrue();
        finish(first, AttemptOutcome.TIMEOUT, 1);
        assertThat(first.isHealthy()).isFalse();
    }

    @Test
    void countsOnlyTheConfiguredOutcomes() {
        finish(first, AttemptOutcome.response(500), 5);
        finish(first, AttemptOutcome.RESET, 5);
        finish(first, AttemptOutcome.response(404), 5);
        assertThat(first.isHealthy()).isTrue();
        assertThat(first.health().passiveFailures()).isZero();
        finish(first, AttemptOutcome.response(503), 3);
        assertThat(first.isHealthy()).isFalse();
    }

    @Test
    void isEjectedAgainWhenItKeepsFailingAfterReturning() {
        finish(first, AttemptOutcome.CONNECT_FAILURE, 3);
        ticker.advance(Duration.ofSeconds(30));
        picks();
        assertThat(first.isHealthy()).isTrue();
        finish(first, AttemptOutcome.CONNECT_FAILURE, 3);
        assertThat(first.isHealthy()).isFalse();
        assertThat(first.health().ejectedUntilNanos()).isEqualTo(ticker.getAsLong() + Duration.ofSeconds(30).toNanos());
    }

    @Test
    void reportsEachFlipToListenersOnce() {
        finish(first, AttemptOutcome.CONNECT_FAILURE, 10);
        ticker.advance(Duration.ofSeconds(31));
        picks();
        picks();
        HostPort address = HostPort.parse("127.0.0.1:9001");
        assertThat(transitions).extracting(HealthTransition::upstream, HealthTransition::target,
                HealthTransition::healthy).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("users-pool", address, false),
                        org.assertj.core.groups.Tuple.tuple("users-pool", address, true));
        assertThat(transitions.get(0).reason())
                .isEqualTo("3 failed requests; last: connect-failure; ejected for 30s");
        assertThat(transitions.get(1).reason()).isEqualTo("ejection of 30s ended");
    }

    @Test
    void ejectionOfEveryPrimaryLeavesNothingToSelect() {
        finish(first, AttemptOutcome.CONNECT_FAILURE, 3);
        finish(upstream.targets().get(1), AttemptOutcome.CONNECT_FAILURE, 3);
        assertThat(upstream.select(ip("10.0.0.1"), TriedTargets.NONE)).isNull();
        ticker.advance(Duration.ofSeconds(30));
        assertThat(upstream.select(ip("10.0.0.1"), TriedTargets.NONE)).isNotNull();
    }
}
