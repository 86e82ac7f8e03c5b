package io.portico.plugins.jwt;

/**
 * Why a key cannot be used, in the shape of config messages: what it is, and what was expected. Never
 * carries key material.
 */
final class KeyProblem extends Exception {

    private static final long serialVersionUID = 1L;

    KeyProblem(String found, String expected) {
        super(found + " (expected: " + expected + ")", null, false, false);
    }
}
