package io.portico.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** One group of event loops and the matching channel classes. */
public final class Transport implements AutoCloseable {

    private final EventLoopGroup group;
    private final boolean epoll;

    private Transport(EventLoopGroup group, boolean epoll) {
        this.group = group;
        this.epoll = epoll;
    }

    /**
     * Starts {@code threads} event loops (0 = one per available processor) named {@code name-N}.
     * Set {@code -Dportico.transport=nio} to force NIO.
     */
    public static Transport create(int threads, String name) {
        int count = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        boolean useEpoll = Epoll.isAvailable() && !"nio".equals(System.getProperty("portico.transport"));
        IoHandlerFactory handlers = useEpoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(count, new DefaultThreadFactory(name, true), handlers);
        return new Transport(group, useEpoll);
    }

    public EventLoopGroup group() {
        return group;
    }

    public boolean isEpoll() {
        return epoll;
    }

    public String name() {
        return epoll ? "epoll" : "nio";
    }

    public Class<? extends ServerChannel> serverChannelClass() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends SocketChannel> socketChannelClass() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** Stops the event loops, letting queued tasks finish within {@code timeout}. */
    public void shutdown(Duration timeout) {
        group.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly(timeout.toMillis() + 1000);
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(2));
    }
}
