package io.portico.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateHandler;
import io.portico.config.AdminSpec;
import io.portico.observability.ConfigLoads;
import io.portico.server.Gateway;
import io.portico.transport.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin listener: one event loop of its own, HTTP/1.1, requests of at most {@link #MAX_REQUEST_BYTES}
 * (head and body), connections closed after {@link #IDLE_TIMEOUT} without traffic. Endpoints that wait
 * (metrics and status count connections on the gateway's event loops) run on one worker thread with a
 * queue of {@link #WORKER_QUEUE}; beyond that they are answered 503 at once.
 */
public final class AdminServer implements AutoCloseable {

    /** Today's endpoints read only; a request body has nothing to carry yet beyond a small document. */
    static final int MAX_REQUEST_BYTES = 64 * 1024;
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** Scrapes and status requests waiting for the worker; more means a client is hammering the endpoint. */
    static final int WORKER_QUEUE = 16;

    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

    private final Transport transport;
    private final ExecutorService worker;
    private final Channel listener;

    private AdminServer(Transport transport, ExecutorService worker, Channel listener) {
        this.transport = transport;
        this.worker = worker;
        this.listener = listener;
    }

    /**
     * Listens on {@code spec.listen()}, answering about {@code gateway} (its current snapshot at each
     * request) and the configuration {@code loads}.
     *
     * @param version the Portico version {@code GET /status} reports
     * @throws UncheckedIOException when the address cannot be bound ({@code cannot listen on ... (admin.listen): ...})
     */
    public static AdminServer start(AdminSpec spec, Gateway gateway, ConfigLoads loads, String version)
            throws InterruptedException {
        Transport transport = Transport.create(1, "portico-admin");
        ExecutorService worker = newWorker();
        AdminToken token = AdminToken.of(spec.token());
        AdminApi api = new AdminApi(gateway, loads, version, worker);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(transport.group())
                .channel(transport.serverChannelClass())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline()
                                .addLast("idle", new IdleStateHandler(0, 0, IDLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                                .addLast("codec", new HttpServerCodec())
                                .addLast("aggregator", new BoundedAggregator())
                                .addLast("admin", new AdminHandler(token, api));
                    }
                });
        ChannelFuture bound;
        try {
            bound = bootstrap.bind(spec.listen().host(), spec.listen().port()).await();
        } catch (InterruptedException e) {
            transport.shutdown(Duration.ofSeconds(2));
            worker.shutdownNow();
            throw e;
        }
        if (!bound.isSuccess()) {
            transport.shutdown(Duration.ofSeconds(2));
            worker.shutdownNow();
            Throwable cause = bound.cause();
            String message = "cannot listen on " + spec.listen() + " (admin.listen): " + cause.getMessage();
            throw new UncheckedIOException(message, cause instanceof IOException io ? io : new IOException(cause));
        }
        AdminServer server = new AdminServer(transport, worker, bound.channel());
        log.info("Portico admin API listening on {}:{} ({})", server.address().getAddress().getHostAddress(),
                server.port(), token.required() ? "bearer token required" : "no token: loopback only");
        return server;
    }

    /** The bound address (with the real port when the configuration said 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    public int port() {
        return address().getPort();
    }

    private static ExecutorService newWorker() {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(WORKER_QUEUE), runnable -> {
            Thread thread = new Thread(runnable, "portico-admin-worker");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Stops listening and closes every admin connection. */
    @Override
    public void close() {
        listener.close().awaitUninterruptibly();
        transport.shutdown(Duration.ofSeconds(2));
        worker.shutdownNow();
    }

    /** Answers a request above the bound with a JSON 413 (DESIGN §4) instead of Netty's empty one, then closes. */
    private static final class BoundedAggregator extends HttpObjectAggregator {

        BoundedAggregator() {
            super(MAX_REQUEST_BYTES);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            AdminResponse answer = AdminResponse.error(413, "payload_too_large",
                    "admin requests are limited to " + MAX_REQUEST_BYTES + " bytes", null);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(answer.body()));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
