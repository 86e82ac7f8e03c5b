package io.portico.plugin.testing;

import io.portico.plugin.BodyObserver;
import io.portico.plugin.ResponseHead;

/**
 * A response head for plugin unit tests; {@code headers} is public to set up and inspect, and the last
 * {@link #observeBody} request is kept so that a test can play the body to the observer.
 */
public final class TestResponse implements ResponseHead {

    public final TestHeaders headers = new TestHeaders();
    /** The observer asked for by the plugin (null if none) and its bound. */
    public BodyObserver bodyObserver;
    public int observedMaxBytes = -1;
    private final int status;
    private final boolean local;

    /** A proxied response (or, for 429, Portico's own refusal, as a rate limit answers). */
    public TestResponse(int status) {
        this(status, status == 429);
    }

    public TestResponse(int status, boolean local) {
        this.status = status;
        this.local = local;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public TestHeaders headers() {
        return headers;
    }

    @Override
    public boolean local() {
        return local;
    }

    @Override
    public void observeBody(int maxBytes, BodyObserver observer) {
        if (local) {
            observer.abandoned();
            return;
        }
        observedMaxBytes = maxBytes;
        bodyObserver = observer;
    }
}
