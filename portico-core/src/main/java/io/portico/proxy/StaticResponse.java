package io.portico.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.portico.config.ResponseSpec;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A response written in the configuration (a route's {@code response:}, a circuit breaker's {@code fallback:}),
 * compiled once. The body bytes are shared and unreleasable; each response takes a duplicate.
 */
final class StaticResponse {

    private final HttpResponseStatus status;
    private final HttpHeaders headers;
    private final ByteBuf body;

    StaticResponse(ResponseSpec spec) {
        this.status = HttpResponseStatus.valueOf(spec.status());
        byte[] bytes = spec.body().getBytes(StandardCharsets.UTF_8);
        this.body = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(bytes).asReadOnly());
        HttpHeaders h = new DefaultHttpHeaders();
        for (Map.Entry<String, String> header : spec.headers().entrySet()) {
            h.set(header.getKey(), header.getValue());
        }
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        this.headers = h;
    }

    FullHttpResponse newResponse() {
        return new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, status, body.duplicate(), headers.copy(), EmptyHttpHeaders.INSTANCE);
    }
}
