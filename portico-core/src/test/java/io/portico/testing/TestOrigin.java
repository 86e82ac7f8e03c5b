package io.portico.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.portico.transport.Transport;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP/1.1 server on 127.0.0.1 and an ephemeral port, for integration tests: it records every
 * request, counts connections and answers as programmed per path prefix ({@link #route}) or by default
 * ({@link #otherwise}; initially {@link Reply#echo()}). {@code /health} answers {@link OriginBehaviour#health()}.
 *
 * <p>Request bodies are streamed into a byte count and a SHA-256, never buffered beyond
 * {@link RecordedRequest#KEPT_BODY_LIMIT}; generated response bodies are produced chunk by chunk. So a test
 * may move tens of megabytes through the origin with a small heap.
 *
 * <p>Threading: one event loop serves every connection; the route table is an immutable snapshot swapped
 * atomically, so a test may reprogram the origin while requests are in flight.
 */
public final class TestOrigin implements AutoCloseable {

    public static final String HEALTH_PATH = "/health";

    private static final Duration DEFAULT_AWAIT = Duration.ofSeconds(10);
    // A whole number of a..z periods, so that any block boundary continues the pattern.
    private static final byte[] GENERATED_BLOCK = new byte[26 * 1024];

    static {
        for (int i = 0; i < GENERATED_BLOCK.length; i++) {
            GENERATED_BLOCK[i] = generatedByte(i);
        }
    }

    private final Transport transport;
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private final List<RecordedRequest> requests = new ArrayList<>();
    private volatile List<Route> routes = List.of(new Route(HEALTH_PATH, OriginBehaviour.health()));
    private volatile OriginBehaviour fallback = Reply.echo();
    private Channel server;

    private record Route(String prefix, OriginBehaviour behaviour) {}

    private TestOrigin(Transport transport) {
        this.transport = transport;
    }

    /** Starts an origin on 127.0.0.1 and a free port. */
    public static TestOrigin start() {
        TestOrigin origin = new TestOrigin(Transport.create(1, "test-origin"));
        try {
            origin.bind();
            return origin;
        } catch (RuntimeException e) {
            origin.close();
            throw e;
        }
    }

    private void bind() {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(transport.group())
                .channel(transport.serverChannelClass())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channels.add(channel);
                        int connection = connections.incrementAndGet();
                        channel.pipeline()
                                .addLast(new HttpRequestDecoder(new HttpDecoderConfig()
                                        .setMaxInitialLineLength(16 * 1024)
                                        .setMaxHeaderSize(64 * 1024)
                                        .setMaxChunkSize(64 * 1024)))
                                .addLast(new OriginConnectionHandler(TestOrigin.this, connection));
                    }
                });
        server = bootstrap.bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** {@code http://127.0.0.1:PORT} followed by {@code path}. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /** Answers requests whose path starts with {@code pathPrefix} (plain string prefix; the longest wins). */
    public TestOrigin route(String pathPrefix, OriginBehaviour behaviour) {
        if (!pathPrefix.startsWith("/")) {
            throw new IllegalArgumentException("pathPrefix: " + pathPrefix + " (expected: starts with /)");
        }
        synchronized (this) {
            List<Route> next = new ArrayList<>();
            for (Route route : routes) {
                if (!route.prefix().equals(pathPrefix)) {
                    next.add(route);
                }
            }
            next.add(new Route(pathPrefix, behaviour));
            next.sort(Comparator.comparingInt((Route route) -> route.prefix().length()).reversed());
            routes = List.copyOf(next);
        }
        return this;
    }

    /** Answers requests that no route matches. */
    public TestOrigin otherwise(OriginBehaviour behaviour) {
        fallback = behaviour;
        return this;
    }

    /** Flips what {@link OriginBehaviour#health()} answers. */
    public void healthy(boolean value) {
        healthy.set(value);
    }

    public boolean isHealthy() {
        return healthy.get();
    }

    /** Connections accepted since start. */
    public int connectionCount() {
        return connections.get();
    }

    /** Connections open now. */
    public int openConnections() {
        return channels.size();
    }

    /** Closes every client connection (as an origin dropping idle keep-alive connections would). */
    public void closeConnections() {
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** The requests read completely so far, in order of completion. */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The requests whose path starts with {@code pathPrefix}. */
    public List<RecordedRequest> requests(String pathPrefix) {
        List<RecordedRequest> matching = new ArrayList<>();
        for (RecordedRequest request : requests()) {
            if (request.path().startsWith(pathPrefix)) {
                matching.add(request);
            }
        }
        return matching;
    }

    public void clearRequests() {
        synchronized (requests) {
            requests.clear();
        }
    }

    /** Waits up to 10 s until at least {@code count} requests were recorded, and returns them all. */
    public List<RecordedRequest> awaitRequests(int count) {
        return awaitRequests(count, DEFAULT_AWAIT);
    }

    /** Waits until at least {@code count} requests were recorded; fails the test after {@code timeout}. */
    public List<RecordedRequest> awaitRequests(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (requests) {
            while (requests.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("test origin received " + requests.size() + " requests within "
                            + timeout + " (expected: >= " + count + "): " + requests);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(requests, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for requests", e);
                }
            }
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        try {
            if (server != null) {
                server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
            channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        } finally {
            transport.close();
        }
    }

    /** Byte {@code index} of every generated body: the letters a..z, repeating. */
    public static byte generatedByte(long index) {
        return (byte) ('a' + (int) (index % 26));
    }

    /** Hex SHA-256 of a generated body of {@code length} bytes, computed in small steps. */
    public static String generatedSha256(long length) {
        MessageDigest digest = sha256();
        long left = length;
        while (left > 0) {
            int n = (int) Math.min(GENERATED_BLOCK.length, left);
            digest.update(GENERATED_BLOCK, 0, n);
            left -= n;
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Writes generated bytes {@code from} .. {@code from + count - 1}, a block at a time. */
    static void writeGenerated(ByteBuf target, long from, int count) {
        int offset = (int) (from % 26);
        int left = count;
        while (left > 0) {
            int n = Math.min(left, GENERATED_BLOCK.length - offset);
            target.writeBytes(GENERATED_BLOCK, offset, n);
            left -= n;
            offset = 0;
        }
    }

    /** Hex SHA-256 of {@code bytes}. */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    OriginBehaviour behaviourFor(String path) {
        for (Route route : routes) {
            if (path.startsWith(route.prefix())) {
                return route.behaviour();
            }
        }
        return fallback;
    }

    void record(RecordedRequest request) {
        synchronized (requests) {
            requests.add(request);
            requests.notifyAll();
        }
    }
}
