package io.portico.upstream;

import static io.portico.upstream.UpstreamFixtures.passive;
import static io.portico.upstream.UpstreamFixtures.spec;
import static io.portico.upstream.UpstreamFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.config.HashOnSpec;
import io.portico.config.HostPort;
import io.portico.config.UpstreamSpec;
import io.portico.config.UpstreamSpec.Algorithm;
import io.portico.upstream.UpstreamFixtures.ManualTicker;
import io.portico.upstream.health.HealthTransition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpstreamRegistryTest {

    private final ManualTicker ticker = new ManualTicker();

    private static UpstreamSpec pool(io.portico.config.HealthChecksSpec checks, String... addresses) {
        io.portico.config.TargetSpec[] targets = new io.portico.config.TargetSpec[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            targets[i] = target(addresses[i], 100);
        }
        return spec("users-pool", Algorithm.ROUND_ROBIN, HashOnSpec.IP, checks, targets);
    }

    private static void fail(Target target, int times) {
        for (int i = 0; i < times; i++) {
            target.attemptStarted();
            target.attemptFinished(AttemptOutcome.CONNECT_FAILURE, 1_000);
        }
    }

    @Test
    void carriesHealthOverToTheSameTargetAfterAReload() {
        var checks = passive(2, Duration.ofSeconds(30));
        UpstreamRegistry first = UpstreamFixtures.registry(
                List.of(pool(checks, "127.0.0.1:9001", "127.0.0.1:9002")), null, null, ticker);
        fail(first.get("users-pool").targets().get(0), 2);
        fail(first.get("users-pool").targets().get(1), 1);

        UpstreamRegistry second = UpstreamFixtures.registry(
                List.of(pool(checks, "127.0.0.1:9001", "127.0.0.1:9002", "127.0.0.1:9003")), first, null, ticker);
        first.close();
        Upstream reloaded = second.get("users-pool");
        Target ejected = reloaded.target(HostPort.parse("127.0.0.1:9001"));
        Target counting = reloaded.target(HostPort.parse("127.0.0.1:9002"));
        Target added = reloaded.target(HostPort.parse("127.0.0.1:9003"));
        assertThat(ejected.isHealthy()).isFalse();
        assertThat(counting.health().passiveFailures()).isEqualTo(1);
        assertThat(added.isHealthy()).isTrue();
        for (int i = 0; i < 20; i++) {
            assertThat(reloaded.select(UpstreamFixtures.ip("10.0.0.1"), TriedTargets.NONE)).isNotSameAs(ejected);
        }

        fail(counting, 1);
        assertThat(counting.isHealthy()).as("the carried count reaches the threshold").isFalse();
        ticker.advance(Duration.ofSeconds(30));
        reloaded.select(UpstreamFixtures.ip("10.0.0.1"), TriedTargets.NONE);
        assertThat(ejected.isHealthy()).as("the carried ejection still ends on time").isTrue();
    }

    @Test
    void doesNotCarryHealthToAnotherUpstreamOrAfterChecksAreRemoved() {
        UpstreamRegistry first = UpstreamFixtures.registry(
                List.of(pool(passive(1, Duration.ofSeconds(30)), "127.0.0.1:9001")), null, null, ticker);
        fail(first.get("users-pool").targets().get(0), 1);

        UpstreamSpec renamed = spec("other-pool", Algorithm.ROUND_ROBIN, HashOnSpec.IP,
                passive(1, Duration.ofSeconds(30)), target("127.0.0.1:9001", 100));
        UpstreamRegistry second = UpstreamFixtures.registry(List.of(renamed,
                pool(io.portico.config.HealthChecksSpec.NONE, "127.0.0.1:9001")), first, null, ticker);
        assertThat(second.get("other-pool").targets().get(0).isHealthy()).isTrue();
        assertThat(second.get("users-pool").targets().get(0).isHealthy()).isTrue();
    }

    @Test
    void keepsHealthListenersAcrossReloads() {
        var checks = passive(1, Duration.ofSeconds(30));
        UpstreamRegistry first =
                UpstreamFixtures.registry(List.of(pool(checks, "127.0.0.1:9001")), null, null, ticker);
        List<HealthTransition> seen = new ArrayList<>();
        first.addHealthListener(seen::add);
        UpstreamRegistry second =
                UpstreamFixtures.registry(List.of(pool(checks, "127.0.0.1:9001")), first, null, ticker);
        fail(second.get("users-pool").targets().get(0), 1);
        assertThat(seen).extracting(HealthTransition::healthy).containsExactly(false);
    }

    @Test
    void findsUpstreamsByName() {
        UpstreamRegistry registry = UpstreamRegistry.create(List.of(
                pool(null, "127.0.0.1:9001"),
                spec("orders", Algorithm.LEAST_CONNECTIONS, target("127.0.0.1:9101", 100))), null, null);
        assertThat(registry.get("orders").algorithm()).isEqualTo(Algorithm.LEAST_CONNECTIONS);
        assertThat(registry.get("missing")).isNull();
        assertThat(registry.all()).extracting(Upstream::name).containsExactly("users-pool", "orders");
        registry.startHealthChecks();
        registry.close();
        registry.close();
        assertThat(registry.get("orders").select(UpstreamFixtures.ip("10.0.0.1"), TriedTargets.NONE)).isNotNull();
    }

    @Test
    void rejectsAnUpstreamNamedTwice() {
        assertThatThrownBy(() -> UpstreamRegistry.create(List.of(pool(null, "127.0.0.1:9001"),
                pool(null, "127.0.0.1:9002")), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("upstreams: \"users-pool\" defined twice (expected: unique names)");
    }

    @Test
    void refusesActiveChecksWithoutATransport() {
        UpstreamRegistry registry = UpstreamRegistry.create(List.of(pool(UpstreamFixtures.active("/health",
                Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 3), "127.0.0.1:9001")), null, null);
        assertThatThrownBy(registry::startHealthChecks).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("need a transport");
    }
}
