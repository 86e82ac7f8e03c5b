package io.portico.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.portico.config.LimitsSpec;
import io.portico.http.StrictHttpRequestDecoder;
import io.portico.proxy.ClientTimeoutHandler;
import io.portico.proxy.DownstreamHandler;
import io.portico.proxy.ProxyRuntime;

/**
 * Pipeline of a client connection: timeouts, strict request decoding, response encoding, then the
 * downstream handler. Limits are those of the snapshot current when the connection opened.
 */
final class ClientChannelInitializer extends ChannelInitializer<Channel> {

    private final ProxyRuntime runtime;
    private final ConnectionTracker tracker;

    ClientChannelInitializer(ProxyRuntime runtime, ConnectionTracker tracker) {
        this.runtime = runtime;
        this.tracker = tracker;
    }

    @Override
    protected void initChannel(Channel channel) {
        LimitsSpec limits = runtime.snapshot().limits();
        ClientTimeoutHandler timeouts =
                new ClientTimeoutHandler(limits.headerTimeout().toNanos(), limits.idleTimeout().toNanos());
        StrictHttpRequestDecoder decoder = new StrictHttpRequestDecoder(
                limits.maxRequestLineSize().bytesAsInt(), limits.maxHeaderSize().bytesAsInt(), limits.maxBodySize().bytes());
        DownstreamHandler downstream = new DownstreamHandler(runtime, decoder, timeouts);
        channel.pipeline()
                .addLast("timeouts", timeouts)
                .addLast("decoder", decoder)
                .addLast("encoder", new HttpResponseEncoder())
                .addLast("downstream", downstream);
        tracker.add(channel, downstream);
    }
}
