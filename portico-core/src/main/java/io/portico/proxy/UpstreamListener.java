package io.portico.proxy;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/**
 * What an upstream connection reports to the request that currently holds it: a proxied exchange or
 * one backend call of an aggregate route. Called on the connection's event loop, which is the
 * request's.
 */
interface UpstreamListener {

    void onResponseHead(HttpResponse response);

    /** A piece of the response body; the listener owns it from here on (writes or releases it). */
    void onResponseContent(HttpContent content);

    void onUpstreamReadComplete();

    void onUpstreamWritabilityChanged();

    /** The connection closed or failed before the response was complete. */
    void onUpstreamClosed();

    /** The upstream's response broke HTTP's rules. */
    void onUpstreamRejected(String reason);

    /** When the upstream last sent or took bytes, for the read timeout. */
    long lastUpstreamActivityNanos();

    /** The upstream has been silent for the read timeout. */
    void onReadTimeout();
}
