package io.portico.proxy;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.portico.config.FailureConditions;
import io.portico.upstream.AttemptOutcome;

/**
 * The ways an upstream attempt can end without a usable response, each with what the client is told
 * when no retry is left, and what the target's health bookkeeping records.
 */
enum UpstreamFailure {
    CONNECT_FAILURE(HttpResponseStatus.BAD_GATEWAY, "bad_gateway", "the upstream refused the connection",
            AttemptOutcome.CONNECT_FAILURE, "connect-failure"),
    CONNECT_TIMEOUT(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream_timeout",
            "the upstream did not accept a connection in time", AttemptOutcome.TIMEOUT, "connect-timeout"),
    READ_TIMEOUT(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream_timeout", "the upstream did not answer in time",
            AttemptOutcome.TIMEOUT, "timeout"),
    RESET(HttpResponseStatus.BAD_GATEWAY, "bad_gateway", "the upstream closed the connection without a response",
            AttemptOutcome.RESET, "reset"),
    BAD_RESPONSE(HttpResponseStatus.BAD_GATEWAY, "bad_gateway", "the upstream sent an invalid response",
            AttemptOutcome.RESET, "bad-response");

    final HttpResponseStatus status;
    final String error;
    final String message;
    final AttemptOutcome outcome;
    /** How {@link io.portico.plugin.AttemptResult#failure} names it. */
    final String attemptName;

    UpstreamFailure(HttpResponseStatus status, String error, String message, AttemptOutcome outcome, String attemptName) {
        this.status = status;
        this.error = error;
        this.message = message;
        this.outcome = outcome;
        this.attemptName = attemptName;
    }

    /** True when nothing of the request can have reached the upstream, so any method may be retried. */
    boolean nothingSent() {
        return this == CONNECT_FAILURE || this == CONNECT_TIMEOUT;
    }

    /** Whether a service's {@code retries.on} list asks for a retry after this failure. */
    boolean listedIn(FailureConditions on) {
        return switch (this) {
            case CONNECT_FAILURE -> on.connectFailure();
            case CONNECT_TIMEOUT, READ_TIMEOUT -> on.timeout();
            case RESET -> on.reset();
            // Garbage is never retried: the request may have been acted upon.
            case BAD_RESPONSE -> false;
        };
    }

    /** Whether a circuit breaker's {@code on} list counts this failure. */
    boolean countsFor(FailureConditions on) {
        return switch (this) {
            case CONNECT_FAILURE -> on.connectFailure();
            case CONNECT_TIMEOUT, READ_TIMEOUT -> on.timeout();
            case RESET -> on.reset();
            case BAD_RESPONSE -> on.badResponse();
        };
    }
}
