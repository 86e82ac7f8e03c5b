package io.portico.config;

import java.time.Duration;

/**
 * A service's {@code circuit_breaker}: when the failure rate over a sliding window reaches a threshold, the
 * service is not called for a while, then a few trial calls decide whether it recovered.
 *
 * @param failureRatePercent 1..100: the circuit opens when failures reach this share of the calls in the window
 * @param minimumCalls       calls the window must hold before the rate is judged
 * @param window             the sliding window, in whole seconds (it is counted per second)
 * @param openFor            how long the circuit stays open before trial calls are let through
 * @param halfOpenCalls      trial calls while half-open; all must succeed to close, any failure reopens
 * @param on                 which final outcomes of a request count as failures
 * @param fallback           the answer while open, or null for the JSON 503 {@code circuit_open}
 */
public record CircuitBreakerSpec(
        int failureRatePercent,
        int minimumCalls,
        Duration window,
        Duration openFor,
        int halfOpenCalls,
        FailureConditions on,
        ResponseSpec fallback) {

    public CircuitBreakerSpec {
        if (failureRatePercent < 1 || failureRatePercent > 100) {
            throw new IllegalArgumentException("failureRatePercent: " + failureRatePercent + " (expected: 1..100)");
        }
        if (minimumCalls < 1) {
            throw new IllegalArgumentException("minimumCalls: " + minimumCalls + " (expected: > 0)");
        }
        if (window.toSeconds() < 1 || window.toNanos() % 1_000_000_000L != 0) {
            throw new IllegalArgumentException("window: " + window + " (expected: whole seconds, > 0)");
        }
        if (openFor.isNegative() || openFor.isZero()) {
            throw new IllegalArgumentException("openFor: " + openFor + " (expected: > 0)");
        }
        if (halfOpenCalls < 1) {
            throw new IllegalArgumentException("halfOpenCalls: " + halfOpenCalls + " (expected: > 0)");
        }
    }
}
