package io.portico.plugins.jwt;

/** Stops the checks of one token; carries only the reason, never the token. */
final class Refused extends Exception {

    private static final long serialVersionUID = 1L;

    private final Rejection rejection;

    Refused(Rejection rejection) {
        super(rejection.name(), null, false, false); // no stack trace: this is control flow, not a fault
        this.rejection = rejection;
    }

    Rejection rejection() {
        return rejection;
    }
}
