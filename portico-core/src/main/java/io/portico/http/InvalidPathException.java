package io.portico.http;

/**
 * Thrown by {@link PathNormalizer} for a request path that is malformed or unsafe to route on
 * (encoded slashes, dot segments above the root, invalid percent-encoding...). The message is a
 * short reason suitable for a 400 response. Carries no stack trace: it is an expected outcome.
 */
public final class InvalidPathException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidPathException(String reason) {
        super(reason, null, false, false);
    }
}
