package io.portico.proxy;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.portico.config.FailureConditions;
import io.portico.upstream.breaker.CircuitBreaker;

/**
 * A service's circuit breaker as the data path uses it: the breaker, which outcomes it counts as failures,
 * and the answer while it is open (the configured fallback, or a JSON 503 {@code circuit_open}).
 */
final class ServiceCircuit {

    private final CircuitBreaker breaker;
    private final FailureConditions on;
    private final StaticResponse fallback;
    private final String message;

    ServiceCircuit(String serviceName, CircuitBreaker breaker) {
        this.breaker = breaker;
        this.on = breaker.spec().on();
        this.fallback = breaker.spec().fallback() == null ? null : new StaticResponse(breaker.spec().fallback());
        this.message = "the circuit breaker of service " + serviceName + " is open";
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    /** The answer to a request the breaker refused; the service is not contacted. */
    FullHttpResponse openResponse(String requestId) {
        if (fallback != null) {
            return fallback.newResponse();
        }
        FullHttpResponse response = ErrorResponses.json(HttpResponseStatus.SERVICE_UNAVAILABLE, "circuit_open", message,
                requestId);
        response.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(breaker.retryAfterSeconds()));
        return response;
    }

    /** Ends a request's permit with the status the service finally answered (4xx succeed unless listed). */
    void recordStatus(CircuitBreaker.Permit permit, int status) {
        breaker.record(permit, on.matchesStatus(status));
    }

    /** Ends a request's permit with the failure that ended its last attempt. */
    void recordFailure(CircuitBreaker.Permit permit, UpstreamFailure failure) {
        breaker.record(permit, failure.countsFor(on));
    }
}
