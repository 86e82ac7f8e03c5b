package io.portico.bench.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.portico.http.StrictHttpRequestDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Decodes a typical ~400-byte GET with 8 headers, arriving in one buffer, with Portico's strict
 * decoder and, for reference, Netty's lenient HttpRequestDecoder.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestDecoderBenchmark {
    static final String REQUEST = "GET /api/v1/customers/12345/orders?status=open&limit=20 HTTP/1.1\r\n"
            + "Host: api.example.com\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"
            + "Accept: application/json, text/plain, */*\r\n"
            + "Accept-Encoding: gzip, deflate, br\r\n"
            + "Accept-Language: en-US,en;q=0.9\r\n"
            + "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJl\r\n"
            + "X-Request-Id: 4bf92f35-77b3-4da6-a3ce-929d0e0e4736\r\n"
            + "Connection: keep-alive\r\n"
            + "\r\n";

    private ByteBuf request;
    private EmbeddedChannel strict;
    private EmbeddedChannel netty;
    private Sink strictSink;
    private Sink nettySink;

    @Setup
    public void setUp() {
        request = Unpooled.directBuffer().writeBytes(REQUEST.getBytes(StandardCharsets.US_ASCII));
        StrictHttpRequestDecoder decoder = new StrictHttpRequestDecoder(8192, 16384, 1 << 20);
        strictSink = new Sink(decoder);
        strict = new EmbeddedChannel(decoder, strictSink);
        nettySink = new Sink(null);
        netty = new EmbeddedChannel(new HttpRequestDecoder(), nettySink);
        if (strictDecoder() != 1 || nettyDecoder() != 1) {
            throw new IllegalStateException("the sample request did not decode");
        }
    }

    @TearDown
    public void tearDown() {
        strict.finishAndReleaseAll();
        netty.finishAndReleaseAll();
        request.release();
    }

    @Benchmark
    public int strictDecoder() {
        strict.pipeline().fireChannelRead(request.retainedDuplicate());
        return strictSink.requests;
    }

    @Benchmark
    public int nettyDecoder() {
        netty.pipeline().fireChannelRead(request.retainedDuplicate());
        return nettySink.requests;
    }

    /** Consumes the decoded messages like a server would: release, and resume after the request. */
    static final class Sink extends ChannelInboundHandlerAdapter {
        private final StrictHttpRequestDecoder decoder;
        int requests;

        Sink(StrictHttpRequestDecoder decoder) {
            this.decoder = decoder;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof LastHttpContent) {
                requests++;
                if (decoder != null) {
                    decoder.resume();
                }
            }
            ReferenceCountUtil.release(msg);
        }
    }
}
