package io.portico.testing;

/**
 * What a {@link TestOrigin} does with a request once it has read it whole: a {@link Reply} (fixed, echo or
 * generated body, with delays and abrupt endings), raw bytes, a connection reset, or its health answer.
 */
public sealed interface OriginBehaviour permits Reply, RawReply, OriginBehaviour.ResetBeforeResponse,
        OriginBehaviour.HealthReply {

    /** Resets the connection (SO_LINGER 0, so the peer sees RST) instead of answering. */
    static OriginBehaviour resetBeforeResponse() {
        return new ResetBeforeResponse();
    }

    /** 200 {@code {"status":"up"}} while the origin is healthy, 503 {@code {"status":"down"}} otherwise. */
    static OriginBehaviour health() {
        return new HealthReply();
    }

    record ResetBeforeResponse() implements OriginBehaviour {}

    record HealthReply() implements OriginBehaviour {}
}
