package io.portico.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.config.RetrySpec;
import io.portico.upstream.UpstreamFixtures.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    private final ManualTicker ticker = new ManualTicker();

    private static int acquire(RetryBudget budget, int tries) {
        int granted = 0;
        for (int i = 0; i < tries; i++) {
            if (budget.tryAcquireRetry()) {
                granted++;
            }
        }
        return granted;
    }

    private static void requests(RetryBudget budget, int count) {
        for (int i = 0; i < count; i++) {
            budget.recordRequest();
        }
    }

    @Test
    void allowsRetriesUpToThePercentageOfRecentRequests() {
        RetryBudget budget = new RetryBudget(20, 0, ticker);
        requests(budget, 100);
        assertThat(acquire(budget, 50)).isEqualTo(20);
        requests(budget, 10);
        assertThat(acquire(budget, 50)).isEqualTo(2);
    }

    @Test
    void allowsTheMinimumPerSecondWithoutTraffic() {
        RetryBudget budget = new RetryBudget(20, 3, ticker);
        assertThat(acquire(budget, 10)).isEqualTo(3);
        ticker.advance(Duration.ofSeconds(1));
        assertThat(acquire(budget, 10)).isEqualTo(3);
    }

    @Test
    void forgetsRequestsAndRetriesOlderThanTenSeconds() {
        RetryBudget budget = new RetryBudget(10, 0, ticker);
        requests(budget, 100);
        assertThat(acquire(budget, 20)).isEqualTo(10);
        ticker.advance(Duration.ofSeconds(9));
        requests(budget, 100);
        assertThat(acquire(budget, 20)).as("20 of 200 requests, 10 spent").isEqualTo(10);
        ticker.advance(Duration.ofSeconds(1));
        assertThat(acquire(budget, 20)).as("the first second left the window with its 100 requests").isZero();
        ticker.advance(Duration.ofSeconds(10));
        assertThat(acquire(budget, 20)).isZero();
        requests(budget, 50);
        assertThat(acquire(budget, 20)).isEqualTo(5);
    }

    @Test
    void reusesABucketWhenItsSecondComesRoundAgain() {
        RetryBudget budget = new RetryBudget(100, 0, ticker);
        requests(budget, 5);
        ticker.advance(Duration.ofSeconds(RetryBudget.WINDOW_SECONDS));
        requests(budget, 1);
        assertThat(acquire(budget, 10)).isEqualTo(1);
    }

    @Test
    void takesTheTimeFromTheCallerWhenGiven() {
        RetryBudget budget = new RetryBudget(50, 0, () -> {
            throw new AssertionError("clock read");
        });
        long now = 5_000_000_000L;
        for (int i = 0; i < 4; i++) {
            budget.recordRequest(now);
        }
        assertThat(budget.tryAcquireRetry(now)).isTrue();
        assertThat(budget.tryAcquireRetry(now)).isTrue();
        assertThat(budget.tryAcquireRetry(now)).isFalse();
        assertThat(budget.tryAcquireRetry(now + 10_000_000_000L)).isFalse();
    }

    @Test
    void isCreatedFromTheServiceRetrySpec() {
        RetryBudget budget = RetryBudget.create(RetrySpec.NONE);
        assertThat(acquire(budget, 10)).isEqualTo(RetrySpec.NONE.minRetriesPerSecond());
    }

    @Test
    void rejectsNegativeSettings() {
        assertThatThrownBy(() -> new RetryBudget(-1, 3, ticker)).hasMessage("budget_percent: -1 (expected: >= 0)");
        assertThatThrownBy(() -> new RetryBudget(20, -2, ticker))
                .hasMessage("min_retries_per_second: -2 (expected: >= 0)");
    }
}
