package io.portico.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import io.portico.http.ResponseRejected;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The last handler of an upstream connection: hands the decoded response to the {@link UpstreamListener} that
 * currently owns the connection. While the connection sits in the pool it has no exchange; anything
 * the upstream sends then is unexpected, and the connection is discarded.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {

    private final InetSocketAddress target;
    private final Runnable readTimerCheck = this::checkReadTimer;
    private ChannelHandlerContext ctx;
    private UpstreamListener exchange;
    private long readTimeoutNanos;
    private ScheduledFuture<?> readTimer;
    private long readTimerDeadlineNanos;

    UpstreamHandler(InetSocketAddress target) {
        this.target = target;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Hands the connection to {@code exchange}, whose response must keep arriving with gaps no longer
     * than {@code readTimeoutNanos}. One timer per connection, re-armed lazily from the exchange's last
     * activity, rather than one scheduled task per request.
     */
    void attach(UpstreamListener exchange, long readTimeoutNanos) {
        this.exchange = exchange;
        this.readTimeoutNanos = readTimeoutNanos;
        long deadline = System.nanoTime() + readTimeoutNanos;
        if (readTimer != null && readTimerDeadlineNanos - deadline > 0) {
            // Left by an exchange with a longer timeout: it would fire too late for this one.
            readTimer.cancel(false);
            readTimer = null;
        }
        if (readTimer == null) {
            armReadTimer(readTimeoutNanos);
        }
    }

    private void armReadTimer(long delayNanos) {
        readTimerDeadlineNanos = System.nanoTime() + delayNanos;
        readTimer = ctx.executor().schedule(readTimerCheck, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void checkReadTimer() {
        readTimer = null;
        UpstreamListener current = exchange;
        if (current == null) {
            return; // idle in the pool: the next attach arms it again
        }
        long idle = System.nanoTime() - current.lastUpstreamActivityNanos();
        if (idle >= readTimeoutNanos) {
            current.onReadTimeout();
        } else {
            armReadTimer(readTimeoutNanos - idle);
        }
    }

    void detach() {
        this.exchange = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        UpstreamListener current = exchange;
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
        if (readTimer != null) {
            readTimer.cancel(false);
            readTimer = null;
        }
        UpstreamListener current = exchange;
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
        UpstreamListener current = exchange;
        if (current != null) {
            exchange = null;
            current.onUpstreamClosed();
        }
        ctx.close();
    }
}
