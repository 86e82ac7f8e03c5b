package io.portico.upstream;

import io.portico.config.FailureConditions;

/**
 * How one attempt to an upstream target ended: a response with a status, or one of the failures that left
 * no response. The proxy reports it through {@link Target#attemptFinished}.
 */
public sealed interface AttemptOutcome permits AttemptOutcome.Response, AttemptOutcome.Failure {

    AttemptOutcome CONNECT_FAILURE = Failure.CONNECT_FAILURE;
    AttemptOutcome TIMEOUT = Failure.TIMEOUT;
    AttemptOutcome RESET = Failure.RESET;

    /** The outcome for a response status (100..599); cached, so reporting a response allocates nothing. */
    static AttemptOutcome response(int status) {
        return Response.of(status);
    }

    /** True when {@code conditions} counts this outcome as a failure. */
    boolean matches(FailureConditions conditions);

    /** The target answered; {@code status} is the response status. */
    record Response(int status) implements AttemptOutcome {

        private static final Response[] CACHE = new Response[500];

        static {
            for (int i = 0; i < CACHE.length; i++) {
                CACHE[i] = new Response(100 + i);
            }
        }

        public Response {
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("status: " + status + " (expected: 100..599)");
            }
        }

        static Response of(int status) {
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("status: " + status + " (expected: 100..599)");
            }
            return CACHE[status - 100];
        }

        @Override
        public boolean matches(FailureConditions conditions) {
            return conditions.matchesStatus(status);
        }
    }

    /** No response: the connection could not be made, the target was too slow, or it reset the connection. */
    enum Failure implements AttemptOutcome {
        CONNECT_FAILURE,
        TIMEOUT,
        RESET;

        @Override
        public boolean matches(FailureConditions conditions) {
            return switch (this) {
                case CONNECT_FAILURE -> conditions.connectFailure();
                case TIMEOUT -> conditions.timeout();
                case RESET -> conditions.reset();
            };
        }
    }
}
