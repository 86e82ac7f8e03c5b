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
import io.portico.chain.RouteChains;
import io.portico.config.ResponseSpec;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What a matched route leads to, compiled once per configuration. */
sealed interface RouteTarget {

    String routeName();

    /** The route's plugins. */
    RouteChains chains();

    /** Forward to a service. */
    record Proxied(String routeName, ServiceRuntime service, boolean stripPath, boolean preserveHost, RouteChains chains)
            implements RouteTarget {}

    /** Answer from Portico itself. The body bytes are shared; each response takes a retained duplicate. */
    final class Static implements RouteTarget {
        private final String routeName;
        private final HttpResponseStatus status;
        private final HttpHeaders headers;
        private final ByteBuf body;
        private final RouteChains chains;

        Static(String routeName, ResponseSpec spec, RouteChains chains) {
            this.routeName = routeName;
            this.chains = chains;
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

        @Override
        public String routeName() {
            return routeName;
        }

        @Override
        public RouteChains chains() {
            return chains;
        }

        FullHttpResponse newResponse() {
            return new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, status, body.duplicate(), headers.copy(), EmptyHttpHeaders.INSTANCE);
        }
    }
}
