package io.portico.proxy;

import io.netty.handler.codec.http.HttpHeaders;
import io.portico.plugin.Headers;
import java.util.ArrayList;
import java.util.List;

/** Netty headers seen through the plugin API. */
final class NettyHeaders implements Headers {

    private final HttpHeaders headers;

    NettyHeaders(HttpHeaders headers) {
        this.headers = headers;
    }

    @Override
    public String get(String name) {
        return headers.get(name);
    }

    @Override
    public List<String> getAll(String name) {
        return headers.getAll(name);
    }

    @Override
    public boolean contains(String name) {
        return headers.contains(name);
    }

    @Override
    public void set(String name, String value) {
        headers.set(name, value);
    }

    @Override
    public void add(String name, String value) {
        headers.add(name, value);
    }

    @Override
    public void remove(String name) {
        headers.remove(name);
    }

    @Override
    public List<String> names() {
        return new ArrayList<>(headers.names());
    }
}
