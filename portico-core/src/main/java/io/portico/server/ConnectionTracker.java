package io.portico.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.portico.proxy.DownstreamHandler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Open client connections, so that shutdown can close idle ones and wait for busy ones. */
final class ConnectionTracker {

    private final Map<Channel, DownstreamHandler> open = new ConcurrentHashMap<>();

    void add(Channel channel, DownstreamHandler handler) {
        open.put(channel, handler);
        channel.closeFuture().addListener((ChannelFuture f) -> open.remove(f.channel()));
    }

    int size() {
        return open.size();
    }

    /** Closes every connection that is between requests; busy ones close after their response. */
    void closeIdle() {
        for (Map.Entry<Channel, DownstreamHandler> entry : open.entrySet()) {
            Channel channel = entry.getKey();
            DownstreamHandler handler = entry.getValue();
            // isIdle reads loop-confined state: ask on the connection's own loop.
            channel.eventLoop().execute(() -> {
                if (handler.isIdle()) {
                    channel.close();
                }
            });
        }
    }

    void closeAll() {
        for (Channel channel : open.keySet()) {
            channel.close();
        }
    }
}
