package io.portico.config;

/**
 * {@code retries}: how many further attempts (on another target) a request may get, on which
 * outcomes, bounded by a budget so that retries can never multiply load during an outage.
 *
 * @param attempts             further attempts after the first (0 = none)
 * @param budgetPercent        retries may add at most this percentage to the requests of the last 10 s
 * @param minRetriesPerSecond  retries always allowed per second regardless of the percentage
 */
public record RetrySpec(int attempts, FailureConditions on, int budgetPercent, int minRetriesPerSecond) {

    public static final RetrySpec NONE =
            new RetrySpec(0, new FailureConditions(false, false, false, false, java.util.Set.of()), 20, 3);
}
