package io.portico.config;

import java.util.Set;

/**
 * A list such as {@code [connect-failure, timeout, reset, 5xx, 502]}: which outcomes of an upstream
 * attempt count as failures (for passive health checks, retries and circuit breaking).
 *
 * @param statuses    exact statuses listed (e.g. 502)
 * @param any5xx      {@code 5xx} was listed
 * @param badResponse {@code bad-response} was listed (only circuit breakers accept it: a garbled response is
 *                    never retried, and passive health counts it as a reset)
 */
public record FailureConditions(boolean connectFailure, boolean timeout, boolean reset, boolean any5xx,
        Set<Integer> statuses, boolean badResponse) {

    public FailureConditions {
        statuses = Set.copyOf(statuses);
    }

    public FailureConditions(boolean connectFailure, boolean timeout, boolean reset, boolean any5xx, Set<Integer> statuses) {
        this(connectFailure, timeout, reset, any5xx, statuses, false);
    }

    public boolean matchesStatus(int status) {
        return (any5xx && status >= 500 && status <= 599) || statuses.contains(status);
    }
}
