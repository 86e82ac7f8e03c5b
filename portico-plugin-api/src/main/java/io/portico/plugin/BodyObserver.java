package io.portico.plugin;

/**
 * Receives a copy of a proxied response's body while the body streams to the client, without making
 * the route buffer it (a cache stores what it saw). Asked for in {@link Plugin#responseHeaders} with
 * {@link ResponseHead#observeBody}. Exactly one of the two methods is called, once, on the request's
 * event loop: they must not block.
 */
public interface BodyObserver {

    /** The whole body as the client received it; the array is the observer's to keep. */
    void complete(byte[] body);

    /**
     * Nothing more will come: the body was larger than the observer's bound, the response failed or was
     * cut off, the client went away, or the head cannot be observed (a response Portico made itself).
     */
    void abandoned();
}
