package io.portico.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import io.portico.http.ResponseRejected;
import java.net.InetSocketAddress;

/**
 * The last handler of an upstream connection: hands the decoded response to the exchange that
 * currently owns the connection. While the connection sits in the pool it has no exchange; anything
 * the upstream sends then is unexpected, and the connection is discarded.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {

    private final InetSocketAddress target;
    private ProxyExchange exchange;

    UpstreamHandler(InetSocketAddress target) {
        this.target = target;
    }

    void attach(ProxyExchange exchange) {
        this.exchange = exchange;
    }

    void detach() {
        this.exchange = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ProxyExchange current = exchange;
        if (current == null) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (msg instanceof HttpResponse response) {
            current.onResponseHead(response);
        } else if (msg instanceof HttpContent content) {
            current.onResponseContent(content);
        } else if (msg instanceof ResponseRejected rejected) {
            if (ctx.channel().isActive()) {
                current.onUpstreamRejected(rejected.reason());
            } else {
                // The decoder rejects from channelInactive too (closed before or inside a response): that
                // is a reset, which retries and the stale pooled connection retry must see as one.
                current.onUpstreamClosed();
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.onUpstreamReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.onUpstreamWritabilityChanged();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ProxyExchange current = exchange;
        if (current != null) {
            exchange = null;
            current.onUpstreamClosed();
        } else {
            UpstreamConnectionPool.of(ctx.channel().eventLoop()).remove(target, ctx.channel());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset or a write failure. Tell the exchange now rather than from channelInactive: there the
        // decoder ends a body delimited by the connection's close as if it were complete.
        ProxyExchange current = exchange;
        if (current != null) {
            exchange = null;
            current.onUpstreamClosed();
        }
        ctx.close();
    }
}
