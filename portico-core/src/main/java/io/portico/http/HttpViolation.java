package io.portico.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A grammar or limit violation found while parsing. Thrown only on the rejection path, so it carries
 * no stack trace.
 */
final class HttpViolation extends Exception {
    private final HttpResponseStatus status;

    HttpViolation(HttpResponseStatus status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    static HttpViolation badRequest(String reason) {
        return new HttpViolation(HttpResponseStatus.BAD_REQUEST, reason);
    }

    HttpResponseStatus status() {
        return status;
    }

    String reason() {
        return getMessage();
    }
}
