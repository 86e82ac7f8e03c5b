package io.portico.proxy;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.portico.http.StrictHttpResponseDecoder;
import java.net.InetSocketAddress;

/** Pipeline of an upstream connection: strict response decoding, request encoding, the exchange relay. */
final class UpstreamChannelInitializer extends ChannelInitializer<Channel> {

    /** Upstream response heads may carry more than clients may send (cookies, CSP); still bounded. */
    static final int MAX_RESPONSE_HEADER_BYTES = 64 * 1024;

    private final InetSocketAddress target;

    UpstreamChannelInitializer(InetSocketAddress target) {
        this.target = target;
    }

    @Override
    protected void initChannel(Channel channel) {
        channel.pipeline()
                .addLast(new StrictHttpResponseDecoder(MAX_RESPONSE_HEADER_BYTES))
                .addLast(new HttpRequestEncoder())
                .addLast(new UpstreamHandler(target));
    }
}
