package io.portico.plugins.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(250), Duration.ofSeconds(1));

    @Test
    void doublesTheBackoffUpToItsCap() {
        assertThat(policy.backoff(1, null)).isEqualTo(Duration.ofMillis(250));
        assertThat(policy.backoff(2, null)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.backoff(3, null)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoff(4, null)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoff(60, null)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void takesTheCollectorsRetryAfterUpToTheCap() {
        assertThat(policy.backoff(1, Duration.ZERO)).isEqualTo(Duration.ZERO);
        assertThat(policy.backoff(3, Duration.ofMillis(100))).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.backoff(1, Duration.ofSeconds(120))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void needsAtLeastOneTry() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
                .hasMessage("maxAttempts: 0 (expected: >= 1)");
    }

    @Test
    void retriesOnlyOtlpsTransientFailures() {
        assertThat(ExportOutcome.unanswered("ConnectException").retryable()).isTrue();
        for (int status : new int[] {429, 502, 503, 504}) {
            assertThat(new ExportOutcome(status, null, 0, "answered").retryable()).as("status %d", status).isTrue();
        }
        for (int status : new int[] {400, 401, 403, 404, 413, 500, 501}) {
            assertThat(new ExportOutcome(status, null, 0, "answered").retryable()).as("status %d", status).isFalse();
        }
        assertThat(new ExportOutcome(200, null, 0, null).accepted()).isTrue();
        assertThat(new ExportOutcome(204, null, 0, null).accepted()).isTrue();
        assertThat(new ExportOutcome(300, null, 0, "answered").accepted()).isFalse();
    }
}
