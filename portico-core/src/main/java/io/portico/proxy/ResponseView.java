package io.portico.proxy;

import io.netty.handler.codec.http.HttpResponse;
import io.portico.plugin.Headers;
import io.portico.plugin.ResponseHead;

/** A response head seen through the plugin API. */
record ResponseView(HttpResponse response, boolean local) implements ResponseHead {

    @Override
    public int status() {
        return response.status().code();
    }

    @Override
    public Headers headers() {
        return new NettyHeaders(response.headers());
    }
}
