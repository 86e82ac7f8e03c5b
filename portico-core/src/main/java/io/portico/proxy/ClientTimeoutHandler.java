package io.portico.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * First handler of a client connection: closes connections idle between requests for longer than
 * idle_timeout, and answers 408 when a request head takes longer than header_timeout to arrive
 * (slowloris). One timer per connection, re-armed lazily to the next deadline rather than on every
 * read, so that busy connections cost nothing.
 */
public final class ClientTimeoutHandler extends ChannelInboundHandlerAdapter {

    private enum State { AWAITING_REQUEST, READING_HEAD, BUSY }

    private final long headerTimeoutNanos;
    private final long idleTimeoutNanos;
    private final Runnable check = this::check;

    private ChannelHandlerContext ctx;
    private State state = State.AWAITING_REQUEST;
    private long stateSinceNanos;
    private ScheduledFuture<?> timer;
    private long timerDeadlineNanos;

    public ClientTimeoutHandler(long headerTimeoutNanos, long idleTimeoutNanos) {
        this.headerTimeoutNanos = headerTimeoutNanos;
        this.idleTimeoutNanos = idleTimeoutNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        awaitingRequest();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.AWAITING_REQUEST && msg instanceof ByteBuf buf && buf.isReadable()) {
            state = State.READING_HEAD;
            stateSinceNanos = System.nanoTime();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Armed only now: a head that arrived whole in this read has already moved the state to BUSY,
        // so the common case costs no timer operation at all.
        if (state == State.READING_HEAD) {
            arm(Math.max(0, headerTimeoutNanos - (System.nanoTime() - stateSinceNanos)));
        }
        ctx.fireChannelReadComplete();
    }

    /** The connection waits for the next request: the idle timeout runs. */
    void awaitingRequest() {
        state = State.AWAITING_REQUEST;
        stateSinceNanos = System.nanoTime();
        arm(idleTimeoutNanos);
    }

    /** A whole request head arrived: no client timeout applies until the exchange ends. */
    void headReceived() {
        state = State.BUSY;
    }

    /**
     * Makes sure the timer fires no later than {@code delayNanos} from now. A pending timer that fires
     * earlier is kept (check() re-arms for the rest); one that fires later is replaced, or a head that
     * starts on a fresh connection would get the idle timeout instead of the shorter header timeout.
     */
    private void arm(long delayNanos) {
        if (ctx == null) {
            return;
        }
        long deadline = System.nanoTime() + delayNanos;
        if (timer != null) {
            if (timerDeadlineNanos - deadline <= 0) {
                return;
            }
            timer.cancel(false);
        }
        timerDeadlineNanos = deadline;
        timer = ctx.executor().schedule(check, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        timer = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        long elapsed = System.nanoTime() - stateSinceNanos;
        switch (state) {
            case AWAITING_REQUEST -> {
                if (elapsed >= idleTimeoutNanos) {
                    ctx.close();
                } else {
                    arm(idleTimeoutNanos - elapsed);
                }
            }
            case READING_HEAD -> {
                if (elapsed >= headerTimeoutNanos) {
                    FullHttpResponse response = ErrorResponses.json(HttpResponseStatus.REQUEST_TIMEOUT,
                            "request_timeout", "the request head did not arrive in time", null);
                    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                    ctx.channel().writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                } else {
                    arm(headerTimeoutNanos - elapsed);
                }
            }
            case BUSY -> {
                // Re-armed by the next awaitingRequest().
            }
        }
    }
}
