package io.portico.upstream.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.config.CircuitBreakerSpec;
import io.portico.config.Defaults;
import io.portico.config.ResponseSpec;
import io.portico.upstream.breaker.CircuitBreaker.State;
import io.portico.upstream.breaker.CircuitBreaker.Transition;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The state machine on a clock the test moves. */
class CircuitBreakerTest {

    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);

    private static CircuitBreakerSpec spec(int ratePercent, int minimumCalls, int windowSeconds, int halfOpenCalls) {
        return new CircuitBreakerSpec(ratePercent, minimumCalls, Duration.ofSeconds(windowSeconds), Duration.ofSeconds(30),
                halfOpenCalls, Defaults.CIRCUIT_BREAKER_ON, null);
    }

    private CircuitBreaker breaker(CircuitBreakerSpec spec) {
        return CircuitBreaker.create("svc", spec, null, clock::get);
    }

    private static void calls(CircuitBreaker breaker, int count, boolean failure) {
        for (int i = 0; i < count; i++) {
            CircuitBreaker.Permit permit = breaker.tryAcquire();
            assertThat(permit).as("call %d let through", i).isNotNull();
            breaker.record(permit, failure);
        }
    }

    private void advance(long nanos) {
        clock.addAndGet(nanos);
    }

    /** Opens it with minimum 4 calls at 50%, then waits out open_for. */
    private CircuitBreaker halfOpenBreaker(int halfOpenCalls) {
        CircuitBreaker breaker = breaker(spec(50, 4, 10, halfOpenCalls));
        calls(breaker, 4, true);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        advance(30 * SECOND);
        return breaker;
    }

    @Test
    void staysClosedUntilTheWindowHoldsMinimumCalls() {
        CircuitBreaker breaker = breaker(spec(50, 10, 10, 5));

        calls(breaker, 9, true);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);

        calls(breaker, 1, true);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.transitions(Transition.OPENED)).isEqualTo(1);
    }

    @Test
    void opensWhenTheFailureRateReachesTheThreshold() {
        CircuitBreaker breaker = breaker(spec(50, 20, 10, 5));
        calls(breaker, 11, false);
        calls(breaker, 10, true);
        assertThat(breaker.state()).as("10 of 21 failed").isEqualTo(State.CLOSED);

        calls(breaker, 1, true);

        assertThat(breaker.state()).as("11 of 22 failed: exactly 50%").isEqualTo(State.OPEN);
    }

    @Test
    void successesAloneNeverOpenIt() {
        CircuitBreaker breaker = breaker(spec(1, 1, 10, 5));

        calls(breaker, 1000, false);

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.transitions(Transition.OPENED)).isZero();
    }

    @Test
    void forgetsCallsOlderThanTheWindow() {
        CircuitBreaker breaker = breaker(spec(50, 4, 10, 5));
        calls(breaker, 3, true);

        advance(10 * SECOND);
        calls(breaker, 1, true);
        assertThat(breaker.state()).as("the first three left the 10 s window").isEqualTo(State.CLOSED);

        advance(9 * SECOND);
        calls(breaker, 2, true);
        assertThat(breaker.state()).as("three failures 9 s apart are in one window").isEqualTo(State.CLOSED);
        calls(breaker, 1, true);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    @Test
    void countsAcrossSecondsWithinTheWindow() {
        CircuitBreaker breaker = breaker(spec(50, 4, 3, 5));
        for (int i = 0; i < 3; i++) {
            calls(breaker, 1, true);
            advance(SECOND);
        }
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        calls(breaker, 1, true);
        assertThat(breaker.state()).as("the second holding the first failure has just left the 3 s window")
                .isEqualTo(State.CLOSED);

        calls(breaker, 1, true);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    @Test
    void refusesEveryRequestWhileOpen() {
        CircuitBreaker breaker = breaker(spec(50, 4, 10, 5));
        calls(breaker, 4, true);

        for (int i = 0; i < 100; i++) {
            assertThat(breaker.tryAcquire()).isNull();
        }
        advance(30 * SECOND - 1);
        assertThat(breaker.tryAcquire()).isNull();

        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.rejected()).isEqualTo(101);
    }

    @Test
    void tellsHowLongUntilTheNextTrial() {
        CircuitBreaker breaker = breaker(spec(50, 4, 10, 5));
        calls(breaker, 4, true);
        assertThat(breaker.retryAfterSeconds()).isEqualTo(30);

        advance(29 * SECOND + 1);
        assertThat(breaker.retryAfterSeconds()).isEqualTo(1);
        advance(SECOND / 2);
        assertThat(breaker.retryAfterSeconds()).as("never 0").isEqualTo(1);
    }

    @Test
    void halfOpensAfterOpenForAndLetsOnlyTheTrialsThrough() {
        CircuitBreaker breaker = halfOpenBreaker(3);

        CircuitBreaker.Permit first = breaker.tryAcquire();
        assertThat(first).isNotNull();
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).isNotNull();
        assertThat(breaker.tryAcquire()).isNotNull();
        assertThat(breaker.tryAcquire()).as("a fourth concurrent trial").isNull();
        assertThat(breaker.transitions(Transition.HALF_OPENED)).isEqualTo(1);
    }

    @Test
    void closesWithAnEmptyWindowWhenEveryTrialSucceeds() {
        CircuitBreaker breaker = halfOpenBreaker(3);
        CircuitBreaker.Permit[] trials = {breaker.tryAcquire(), breaker.tryAcquire(), breaker.tryAcquire()};

        breaker.record(trials[0], false);
        breaker.record(trials[1], false);
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        breaker.record(trials[2], false);

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.transitions(Transition.CLOSED)).isEqualTo(1);
        calls(breaker, 3, true);
        assertThat(breaker.state()).as("the failures that opened it were forgotten").isEqualTo(State.CLOSED);
        calls(breaker, 1, true);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.transitions(Transition.OPENED)).isEqualTo(2);
    }

    @Test
    void reopensForAnotherOpenForWhenATrialFails() {
        CircuitBreaker breaker = halfOpenBreaker(3);
        CircuitBreaker.Permit succeeding = breaker.tryAcquire();
        CircuitBreaker.Permit failing = breaker.tryAcquire();
        breaker.record(succeeding, false);

        advance(5 * SECOND);
        breaker.record(failing, true);

        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.transitions(Transition.REOPENED)).isEqualTo(1);
        advance(30 * SECOND - 1);
        assertThat(breaker.tryAcquire()).isNull();
        advance(1);
        assertThat(breaker.tryAcquire()).isNotNull();
        assertThat(breaker.transitions(Transition.HALF_OPENED)).isEqualTo(2);
    }

    @Test
    void aReleasedTrialFreesItsSlotWithoutDecidingAnything() {
        CircuitBreaker breaker = halfOpenBreaker(1);
        CircuitBreaker.Permit abandoned = breaker.tryAcquire();
        assertThat(breaker.tryAcquire()).isNull();

        breaker.release(abandoned);

        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        CircuitBreaker.Permit next = breaker.tryAcquire();
        assertThat(next).isNotNull();
        breaker.record(next, false);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void ignoresOutcomesOfRequestsLetThroughBeforeTheCircuitOpened() {
        CircuitBreaker breaker = breaker(spec(50, 4, 10, 1));
        CircuitBreaker.Permit slow = breaker.tryAcquire();
        calls(breaker, 4, true);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        advance(30 * SECOND);
        CircuitBreaker.Permit trial = breaker.tryAcquire();

        breaker.record(slow, true);
        assertThat(breaker.state()).as("a late failure is not a failed trial").isEqualTo(State.HALF_OPEN);

        breaker.record(trial, false);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        breaker.release(slow);
        calls(breaker, 3, true);
        assertThat(breaker.state()).as("the late failure is not in the new window either").isEqualTo(State.CLOSED);
    }

    @Test
    void keepsItsStateAcrossAReloadWhenTheSpecIsUnchanged() {
        CircuitBreaker breaker = breaker(spec(50, 4, 10, 5));
        calls(breaker, 4, true);

        CircuitBreaker reloaded = CircuitBreaker.create("svc", spec(50, 4, 10, 5), breaker, clock::get);

        assertThat(reloaded.state()).isEqualTo(State.OPEN);
        assertThat(reloaded.tryAcquire()).isNull();
        assertThat(reloaded.transitions(Transition.OPENED)).isEqualTo(1);
    }

    @Test
    void startsClosedAfterAReloadThatChangesTheSpec() {
        CircuitBreaker breaker = breaker(spec(50, 4, 10, 5));
        calls(breaker, 4, true);
        CircuitBreakerSpec withFallback = new CircuitBreakerSpec(50, 4, Duration.ofSeconds(10), Duration.ofSeconds(30), 5,
                Defaults.CIRCUIT_BREAKER_ON, new ResponseSpec(503, "{}", Map.of()));

        CircuitBreaker reloaded = CircuitBreaker.create("svc", withFallback, breaker, clock::get);

        assertThat(reloaded.state()).isEqualTo(State.CLOSED);
        assertThat(reloaded.tryAcquire()).isNotNull();
        assertThat(breaker.state()).as("the old one is left alone").isEqualTo(State.OPEN);
    }
}
