package io.portico.upstream.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.config.ActiveHealthCheckSpec;
import io.portico.config.FailureConditions;
import io.portico.config.HostPort;
import io.portico.config.PassiveHealthCheckSpec;
import io.portico.upstream.AttemptOutcome;
import io.portico.upstream.UpstreamFixtures.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TargetHealthTest {

    private static final HostPort ADDRESS = HostPort.parse("127.0.0.1:9002");
    private static final ActiveHealthCheckSpec ACTIVE =
            new ActiveHealthCheckSpec("/health", Duration.ofSeconds(5), Duration.ofSeconds(1), 2, 3);
    private static final PassiveHealthCheckSpec PASSIVE = new PassiveHealthCheckSpec(
            2, new FailureConditions(true, false, false, true, Set.of()), Duration.ofMillis(1500));

    private final ManualTicker ticker = new ManualTicker();
    private final AtomicInteger changes = new AtomicInteger();
    private final List<HealthTransition> flips = new ArrayList<>();

    private TargetHealth health(ActiveHealthCheckSpec active, PassiveHealthCheckSpec passive) {
        return new TargetHealth("users-pool", ADDRESS, active, passive, ticker, changes::incrementAndGet, flips::add);
    }

    @Test
    void takesATargetOutAfterUnhealthyAfterFailedChecksAndBackAfterHealthyAfterSuccesses() {
        TargetHealth health = health(ACTIVE, null);
        health.recordActiveCheck(false, "status 500");
        health.recordActiveCheck(false, "status 500");
        assertThat(health.isHealthy()).isTrue();
        health.recordActiveCheck(false, "status 503");
        assertThat(health.isHealthy()).isFalse();
        assertThat(flips).singleElement().satisfies(flip -> {
            assertThat(flip.healthy()).isFalse();
            assertThat(flip.reason()).isEqualTo("3 failed active checks; last: status 503");
        });

        health.recordActiveCheck(true, "status 200");
        health.recordActiveCheck(false, "status 500");
        health.recordActiveCheck(true, "status 200");
        assertThat(health.isHealthy()).as("a failure in between restarts the count").isFalse();
        health.recordActiveCheck(true, "status 200");
        assertThat(health.isHealthy()).isTrue();
        assertThat(flips).extracting(HealthTransition::healthy).containsExactly(false, true);
        assertThat(flips.get(1).reason()).isEqualTo("2 successful active checks");
    }

    @Test
    void aSuccessfulCheckResetsTheFailureCount() {
        TargetHealth health = health(ACTIVE, null);
        health.recordActiveCheck(false, "x");
        health.recordActiveCheck(false, "x");
        health.recordActiveCheck(true, "status 200");
        health.recordActiveCheck(false, "x");
        health.recordActiveCheck(false, "x");
        assertThat(health.isHealthy()).isTrue();
        assertThat(health.activeFailures()).isEqualTo(2);
    }

    @Test
    void staysUnhealthyWhileEitherCheckSaysSo() {
        TargetHealth health = health(ACTIVE, PASSIVE);
        health.recordAttempt(AttemptOutcome.response(500));
        health.recordAttempt(AttemptOutcome.CONNECT_FAILURE);
        assertThat(health.isEjected()).isTrue();
        for (int i = 0; i < 3; i++) {
            health.recordActiveCheck(false, "timed out after 1000ms");
        }
        ticker.advance(Duration.ofMillis(1500));
        assertThat(health.expireEjection(ticker.getAsLong())).isTrue();
        assertThat(health.isHealthy()).as("active checks still fail").isFalse();
        health.recordActiveCheck(true, "status 200");
        health.recordActiveCheck(true, "status 200");
        assertThat(health.isHealthy()).isTrue();
        assertThat(flips).extracting(HealthTransition::healthy).containsExactly(false, true);
        assertThat(changes.get()).as("every component transition rebuilds").isEqualTo(4);
    }

    @Test
    void endsAnEjectionOnlyWhenDue() {
        TargetHealth health = health(null, PASSIVE);
        health.recordAttempt(AttemptOutcome.response(502));
        health.recordAttempt(AttemptOutcome.response(502));
        long until = health.ejectedUntilNanos();
        assertThat(health.expireEjection(until - 1)).isFalse();
        assertThat(health.expireEjection(until)).isTrue();
        assertThat(health.expireEjection(until)).isFalse();
        assertThat(flips).extracting(HealthTransition::reason)
                .containsExactly("2 failed requests; last: status 502; ejected for 1500ms", "ejection of 1500ms ended");
    }

    @Test
    void ignoresResultsOfChecksThatAreNotConfigured() {
        TargetHealth health = health(null, null);
        for (int i = 0; i < 10; i++) {
            health.recordActiveCheck(false, "x");
            health.recordAttempt(AttemptOutcome.CONNECT_FAILURE);
        }
        assertThat(health.isHealthy()).isTrue();
        assertThat(changes.get()).isZero();
    }

    @Test
    void copiesOnlyTheStateOfChecksThatStillExist() {
        TargetHealth old = health(ACTIVE, PASSIVE);
        for (int i = 0; i < 3; i++) {
            old.recordActiveCheck(false, "x");
        }
        old.recordAttempt(AttemptOutcome.CONNECT_FAILURE);
        old.recordAttempt(AttemptOutcome.CONNECT_FAILURE);

        TargetHealth both = health(ACTIVE, PASSIVE);
        both.copyFrom(old);
        assertThat(both.isActiveHealthy()).isFalse();
        assertThat(both.isEjected()).isTrue();
        assertThat(both.ejectedUntilNanos()).isEqualTo(old.ejectedUntilNanos());

        TargetHealth passiveOnly = health(null, PASSIVE);
        passiveOnly.copyFrom(old);
        assertThat(passiveOnly.isActiveHealthy()).isTrue();
        assertThat(passiveOnly.isEjected()).isTrue();

        TargetHealth activeOnly = health(ACTIVE, null);
        activeOnly.copyFrom(old);
        assertThat(activeOnly.isActiveHealthy()).isFalse();
        assertThat(activeOnly.isEjected()).isFalse();
    }

    @Test
    void formatsDurationsAsConfigured() {
        assertThat(TargetHealth.format(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(TargetHealth.format(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(TargetHealth.format(Duration.ofMillis(250))).isEqualTo("250ms");
    }
}
