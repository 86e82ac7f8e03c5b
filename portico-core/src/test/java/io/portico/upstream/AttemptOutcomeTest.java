package io.portico.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.config.FailureConditions;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AttemptOutcomeTest {

    @Test
    void matchesStatusesAndFailuresAsListed() {
        FailureConditions on = new FailureConditions(true, false, true, false, Set.of(502));
        assertThat(AttemptOutcome.response(502).matches(on)).isTrue();
        assertThat(AttemptOutcome.response(503).matches(on)).isFalse();
        assertThat(AttemptOutcome.CONNECT_FAILURE.matches(on)).isTrue();
        assertThat(AttemptOutcome.TIMEOUT.matches(on)).isFalse();
        assertThat(AttemptOutcome.RESET.matches(on)).isTrue();
        FailureConditions any5xx = new FailureConditions(false, true, false, true, Set.of());
        assertThat(AttemptOutcome.response(599).matches(any5xx)).isTrue();
        assertThat(AttemptOutcome.response(499).matches(any5xx)).isFalse();
        assertThat(AttemptOutcome.TIMEOUT.matches(any5xx)).isTrue();
    }

    @Test
    void reusesResponseOutcomes() {
        assertThat(AttemptOutcome.response(200)).isSameAs(AttemptOutcome.response(200))
                .isEqualTo(new AttemptOutcome.Response(200));
    }

    @Test
    void rejectsImpossibleStatuses() {
        assertThatThrownBy(() -> AttemptOutcome.response(42)).hasMessage("status: 42 (expected: 100..599)");
        assertThatThrownBy(() -> AttemptOutcome.response(600)).hasMessage("status: 600 (expected: 100..599)");
    }
}
