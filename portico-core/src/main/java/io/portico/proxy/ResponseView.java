package io.portico.proxy;

import io.netty.handler.codec.http.HttpResponse;
import io.portico.plugin.BodyObserver;
import io.portico.plugin.Headers;
import io.portico.plugin.ResponseHead;

/**
 * A response head seen through the plugin API. {@code tee} collects body observers of a proxied
 * response; it is null for a response Portico made itself, whose observers are abandoned at once.
 */
record ResponseView(HttpResponse response, boolean local, ResponseBodyTee tee) implements ResponseHead {

    @Override
    public int status() {
        return response.status().code();
    }

    @Override
    public Headers headers() {
        return new NettyHeaders(response.headers());
    }

    @Override
    public void observeBody(int maxBytes, BodyObserver observer) {
        if (tee == null) {
            observer.abandoned();
        } else {
            tee.add(maxBytes, observer);
        }
    }
}
