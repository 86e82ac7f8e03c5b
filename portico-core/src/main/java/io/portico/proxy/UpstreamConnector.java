package io.portico.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.portico.transport.Transport;
import java.net.InetSocketAddress;

/**
 * Opens a new upstream connection on the request's own event loop, so that the request and its
 * upstream never need a lock. Pooled connections are tried first by the callers
 * ({@link UpstreamConnectionPool}).
 */
final class UpstreamConnector {

    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

    private UpstreamConnector() {}

    static ChannelFuture connect(EventLoop loop, Transport transport, int connectTimeoutMillis,
            InetSocketAddress target) {
        return new Bootstrap()
                .group(loop)
                .channel(transport.socketChannelClass())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .handler(new UpstreamChannelInitializer(target))
                .connect(target);
    }
}
