package io.portico.plugins.jwt;

/**
 * Why a request's token was not accepted. The client sees only the fixed message; reasons that would
 * help an attacker probe keys (unknown key, bad signature, malformed) all read "invalid token".
 */
enum Rejection {
    MISSING("no token found in request"),
    SEVERAL("several different tokens in request"),
    TOO_LARGE("token too large"),
    MALFORMED("invalid token"),
    REFUSED_HEADER("invalid token"),
    UNKNOWN_KEY("invalid token"),
    BAD_SIGNATURE("invalid token"),
    EXPIRED("token expired"),
    NOT_YET_VALID("token not valid yet"),
    ISSUED_IN_FUTURE("token issued in the future"),
    MISSING_CLAIM("token lacks a required claim"),
    TOO_LONG_LIVED("token valid for too long"),
    WRONG_ISSUER("token issuer not accepted"),
    WRONG_AUDIENCE("token audience not accepted"),
    UNKNOWN_CONSUMER("invalid token");

    private final String message;

    Rejection(String message) {
        this.message = message;
    }

    /** What the client is told; never contains the token. */
    String message() {
        return message;
    }

    /** RFC 6750 §3.1: {@code error="invalid_token"} once a token was presented. */
    boolean tokenPresented() {
        return this != MISSING;
    }
}
