package io.portico.plugins.oauth2introspection;

/**
 * The authorization server could not tell whether a token is active (unreachable, slow, an error
 * status, a malformed answer). The message names what went wrong, never the token. Never cached.
 */
final class IntrospectionFailure extends RuntimeException {

    IntrospectionFailure(String message) {
        super(message, null, false, false);
    }

    IntrospectionFailure(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
