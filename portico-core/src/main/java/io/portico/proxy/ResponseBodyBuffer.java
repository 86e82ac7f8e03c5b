package io.portico.proxy;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.handler.codec.http.HttpContent;

/**
 * A proxied response's body gathered for the response-body plugins, up to their bound. Owns what it
 * holds: each chunk added is kept (or released when over the bound), and {@link #release} or
 * {@link #drain} frees everything. Confined to the exchange's event loop.
 */
final class ResponseBodyBuffer {

    private final CompositeByteBuf body;
    private final int maxBytes;

    ResponseBodyBuffer(ByteBufAllocator allocator, int maxBytes) {
        this.body = allocator.compositeBuffer(Integer.MAX_VALUE);
        this.maxBytes = maxBytes;
    }

    /** Takes the chunk's bytes; false (and the chunk released) when they would pass the bound. */
    boolean add(HttpContent content) {
        if (body.readableBytes() + (long) content.content().readableBytes() > maxBytes) {
            content.release();
            return false;
        }
        body.addComponent(true, content.content());
        return true;
    }

    /** Every byte gathered, copied out; the buffer is released. */
    byte[] drain() {
        byte[] bytes = ByteBufUtil.getBytes(body);
        body.release();
        return bytes;
    }

    void release() {
        body.release();
    }
}
