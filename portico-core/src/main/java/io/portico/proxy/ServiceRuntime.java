package io.portico.proxy;

import io.portico.config.RetrySpec;
import io.portico.config.ServiceSpec;
import io.portico.upstream.RetryBudget;
import io.portico.upstream.Upstream;

/**
 * A service as the data path uses it: where to send (an upstream), what to prefix, how long to wait
 * and how to retry. Immutable except for the retry budget's counters.
 *
 * @param hostHeader Host sent upstream unless the route preserves the client's
 * @param pathPrefix the service URL's path ("" when none)
 */
record ServiceRuntime(
        String name,
        Upstream upstream,
        String hostHeader,
        String pathPrefix,
        int connectTimeoutMillis,
        long readTimeoutNanos,
        RetrySpec retries,
        RetryBudget retryBudget) {

    static ServiceRuntime of(ServiceSpec spec, Upstream upstream) {
        String host = spec.url().port() >= 0 ? spec.url().host() + ":" + spec.url().port() : spec.url().host();
        return new ServiceRuntime(
                spec.name(),
                upstream,
                host,
                spec.url().path(),
                (int) Math.min(Integer.MAX_VALUE, spec.connectTimeout().toMillis()),
                spec.readTimeout().toNanos(),
                spec.retries(),
                RetryBudget.create(spec.retries()));
    }
}
