package io.portico.upstream.health;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import io.portico.config.ActiveHealthCheckSpec;
import io.portico.config.HostPort;
import io.portico.transport.Transport;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Probes one target: connect, {@code GET path} with {@code Connection: close}, read the status line, close.
 * A 2xx or 3xx status within {@code timeout} (connect included) is a success. The next probe starts
 * {@code interval} after the previous one started, or at once when that one took longer: never two at once.
 *
 * <p>Threading: everything runs on {@link #loop}, to which the probe's channels are also bound, so the state
 * below needs no synchronization; only {@link #closed} is written from outside.
 */
final class HealthProbe {

    static final String USER_AGENT = "portico-health-check";

    private final EventLoop loop;
    private final Transport transport;
    private final HostPort address;
    private final InetSocketAddress socketAddress;
    private final TargetHealth health;
    private final String path;
    private final long intervalNanos;
    private final long timeoutMillis;

    private volatile boolean closed;
    private ScheduledFuture<?> nextProbe;
    private Attempt current;

    HealthProbe(ActiveHealthCheckSpec spec, Transport transport, EventLoop loop, HostPort address,
            InetSocketAddress socketAddress, TargetHealth health) {
        this.loop = loop;
        this.transport = transport;
        this.address = address;
        this.socketAddress = socketAddress;
        this.health = health;
        this.path = spec.path();
        this.intervalNanos = spec.interval().toNanos();
        this.timeoutMillis = Math.max(1, spec.timeout().toMillis());
    }

    void start() {
        execute(this::probe);
    }

    void close() {
        closed = true;
        execute(() -> {
            if (nextProbe != null) {
                nextProbe.cancel(false);
            }
            if (current != null) {
                current.abandon();
            }
        });
    }

    private void execute(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            closed = true; // the transport is shutting down: nothing left to probe with
        }
    }

    private void probe() {
        if (closed) {
            return;
        }
        Attempt attempt = new Attempt(System.nanoTime());
        current = attempt;
        attempt.connect();
    }

    private void probeFinished(Attempt attempt, boolean success, String detail) {
        current = null;
        if (closed) {
            return;
        }
        health.recordActiveCheck(success, detail);
        long delay = Math.max(0, intervalNanos - (System.nanoTime() - attempt.startNanos));
        try {
            nextProbe = loop.schedule(this::probe, delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            closed = true;
        }
    }

    private FullHttpRequest request() {
        FullHttpRequest request = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.GET, path, Unpooled.EMPTY_BUFFER);
        request.headers()
                .set(HttpHeaderNames.HOST, address.toString())
                .set(HttpHeaderNames.USER_AGENT, USER_AGENT)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return request;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        if (cause instanceof ConnectTimeoutException) {
            return "connect timed out";
        }
        if (cause instanceof ConnectException && message != null && message.contains("refused")) {
            return "connection refused"; // native transports prefix the errno text; keep logs plain
        }
        return message != null ? message : cause.getClass().getSimpleName();
    }

    /** One probe: finishes exactly once, by response, failure, early close or timeout. */
    private final class Attempt extends SimpleChannelInboundHandler<HttpObject> {

        final long startNanos;
        private boolean done;
        private Channel channel;
        private ScheduledFuture<?> timeout;

        Attempt(long startNanos) {
            this.startNanos = startNanos;
        }

        void connect() {
            Attempt self = this;
            ChannelFuture connect = new Bootstrap()
                    .group(loop)
                    .channel(transport.socketChannelClass())
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), self);
                        }
                    })
                    .connect(socketAddress);
            channel = connect.channel();
            timeout = loop.schedule(() -> finish(false, "timed out after " + timeoutMillis + "ms"),
                    timeoutMillis, TimeUnit.MILLISECONDS);
            connect.addListener(future -> {
                if (!future.isSuccess()) {
                    finish(false, describe(future.cause()));
                }
            });
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(request()).addListener(future -> {
                if (!future.isSuccess()) {
                    finish(false, describe(future.cause()));
                }
            });
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            // Only the status matters; later content is released by SimpleChannelInboundHandler.
            if (msg instanceof HttpResponse response) {
                int status = response.status().code();
                finish(status >= 200 && status < 400, "status " + status);
            } else if (msg.decoderResult().isFailure()) {
                finish(false, "invalid response: " + describe(msg.decoderResult().cause()));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            finish(false, "connection closed before a response");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            finish(false, describe(cause));
        }

        void abandon() {
            done = true;
            cleanUp();
        }

        private void finish(boolean success, String detail) {
            if (done) {
                return;
            }
            done = true;
            cleanUp();
            probeFinished(this, success, detail);
        }

        private void cleanUp() {
            if (timeout != null) {
                timeout.cancel(false);
            }
            if (channel != null) {
                channel.close();
            }
        }
    }
}
