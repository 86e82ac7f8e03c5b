package io.portico.proxy;

import io.portico.config.RetrySpec;
import io.portico.config.ServiceSpec;
import io.portico.upstream.RetryBudget;
import io.portico.upstream.Upstream;
import io.portico.upstream.breaker.CircuitBreaker;

/**
 * A service as the data path uses it: where to send (an upstream), what to prefix, how long to wait
 * how to retry and its circuit breaker. Immutable except for the retry budget's and breaker's counters.
 *
 * @param hostHeader Host sent upstream unless the route preserves the client's
 * @param pathPrefix the service URL's path ("" when none)
 * @param circuit    null when the service has no circuit breaker
 */
record ServiceRuntime(
        String name,
        Upstream upstream,
        String hostHeader,
        String pathPrefix,
        int connectTimeoutMillis,
        long readTimeoutNanos,
        RetrySpec retries,
        RetryBudget retryBudget,
        ServiceCircuit circuit) {

    /** @param previous the same service in the configuration being replaced, or null: its breaker may carry over */
    static ServiceRuntime of(ServiceSpec spec, Upstream upstream, ServiceRuntime previous) {
        String host = spec.url().port() >= 0 ? spec.url().host() + ":" + spec.url().port() : spec.url().host();
        return new ServiceRuntime(
                spec.name(),
                upstream,
                host,
                spec.url().path(),
                (int) Math.min(Integer.MAX_VALUE, spec.connectTimeout().toMillis()),
                spec.readTimeout().toNanos(),
                spec.retries(),
                RetryBudget.create(spec.retries()),
                circuit(spec, previous));
    }

    private static ServiceCircuit circuit(ServiceSpec spec, ServiceRuntime previous) {
        if (spec.circuitBreaker() == null) {
            return null;
        }
        CircuitBreaker old = previous == null || previous.circuit() == null ? null : previous.circuit().breaker();
        CircuitBreaker breaker = CircuitBreaker.create(spec.name(), spec.circuitBreaker(), old);
        return new ServiceCircuit(spec.name(), breaker);
    }
}
