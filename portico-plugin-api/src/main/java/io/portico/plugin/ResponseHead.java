package io.portico.plugin;

/** The status and headers of the response about to go to the client. */
public interface ResponseHead {

    int status();

    Headers headers();

    /** True when Portico produced the response (an error, a plugin's answer, a static route). */
    boolean local();

    /**
     * Asks for a copy of this response's body, up to {@code maxBytes}, as it streams to the client: the
     * response itself is neither delayed nor bounded, and a larger body just passes (the observer is
     * {@linkplain BodyObserver#abandoned() abandoned}). Call it from {@link Plugin#responseHeaders}; a
     * response Portico made itself ({@link #local()}) has no body to observe and abandons at once.
     */
    default void observeBody(int maxBytes, BodyObserver observer) {
        observer.abandoned();
    }
}
