package io.portico.proxy;

import io.netty.handler.codec.http.HttpContent;

/** One request being served by something other than the downstream handler itself. */
interface Exchange {

    /** A piece of the request body; the exchange owns it from here on (writes or releases it). */
    void onRequestContent(HttpContent content);

    /** The client's read batch ended: flush what was written upstream. */
    void onClientReadComplete();

    void onClientWritabilityChanged();

    /** True once the response head went to the client (an error can no longer be sent). */
    boolean responseStarted();

    /**
     * The client is gone or its request was rejected mid-way: stop everything, release everything, and
     * log the request with {@code loggedStatus} unless the response already went out.
     */
    void abort(String reason, int loggedStatus);
}
