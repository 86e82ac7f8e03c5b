package io.portico.http;

import static io.portico.http.Feed.lines;
import static io.portico.http.RequestDecoding.assertRejected;
import static io.portico.http.RequestDecoding.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrictHttpRequestDecoderTest {

    @Test
    void decodesGetWithoutBodyFollowedImmediatelyByLast() {
        assertThat(decode(lines("GET /a/b?x=1 HTTP/1.1", "Host: example.com", "Accept: */*", "", "")))
                .containsExactly("GET /a/b?x=1 HTTP/1.1 {host=example.com, accept=*/*}", "last");
    }

    @Test
    void emitsRequestMessageTypesWithRawTarget() {
        EmbeddedChannel channel = new EmbeddedChannel(new StrictHttpRequestDecoder(100, 1000, 1000));
        channel.writeInbound(buffer(lines("DELETE /x%2Fy HTTP/1.0", "X-Custom:  v  ", "", "")));
        HttpRequest request = channel.readInbound();
        assertThat(request.getClass().getSimpleName()).isEqualTo("DefaultHttpRequest");
        assertThat(request.method().name()).isEqualTo("DELETE");
        assertThat(request.uri()).isEqualTo("/x%2Fy");
        assertThat(request.protocolVersion().text()).isEqualTo("HTTP/1.0");
        assertThat(request.headers().get("x-custom")).isEqualTo("v");
        assertThat((Object) channel.readInbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void keepsCaseOfUnknownHeaderNamesAndLowerCasesKnownOnes() {
        assertThat(decode(lines("GET / HTTP/1.1", "HOST: a", "X-Trace-Id: 7", "", "")))
                .containsExactly("GET / HTTP/1.1 {host=a, X-Trace-Id=7}", "last");
    }

    @Test
    void acceptsHtabAndObsTextInHeaderValues() {
        assertThat(decode(lines("GET / HTTP/1.1", "Host: a", "X-V: a\tb \u00e9", "", "")))
                .containsExactly("GET / HTTP/1.1 {host=a, X-V=a\tb \u00e9}", "last");
    }

    @Test
    void acceptsEmptyHeaderValue() {
        assertThat(decode(lines("GET / HTTP/1.1", "Host: a", "X-Empty:", "X-Blank:   ", "", "")))
                .containsExactly("GET / HTTP/1.1 {host=a, X-Empty=, X-Blank=}", "last");
    }

    @Test
    void decodesPostWithContentLength() {
        assertThat(decode(lines("POST /p HTTP/1.1", "Host: a", "Content-Length: 11", "", "hello world")))
                .containsExactly("POST /p HTTP/1.1 {host=a, content-length=11}", "content:hello world", "last");
    }

    @Test
    void decodesZeroContentLengthAsRequestWithoutBody() {
        assertThat(decode(lines("POST /p HTTP/1.1", "Host: a", "Content-Length: 0", "", "")))
                .containsExactly("POST /p HTTP/1.1 {host=a, content-length=0}", "last");
    }

    @Test
    void emitsBodyAsItArrivesWithoutAccumulating() {
        EmbeddedChannel channel = new EmbeddedChannel(new StrictHttpRequestDecoder(100, 1000, 1000));
        Feed feed = new Feed(channel)
                .write(lines("POST /p HTTP/1.1", "Host: a", "Content-Length: 10", "", "abc"))
                .write("defg")
                .write("hij");
        assertThat(feed.events()).containsExactly(
                "POST /p HTTP/1.1 {host=a, content-length=10}", "content:abc", "content:defg", "content:hij", "last");
        feed.finish();
    }

    @Test
    void bodyChunksAreRetainedSlicesOfTheReceivedBuffer() {
        EmbeddedChannel channel = new EmbeddedChannel(new StrictHttpRequestDecoder(100, 1000, 1000));
        channel.writeInbound(buffer(lines("POST /p HTTP/1.1", "Host: a", "Content-Length: 4", "", "")));
        ((HttpRequest) channel.readInbound()).headers();
        ByteBuf body = buffer("data");
        channel.writeInbound(body);
        HttpContent content = channel.readInbound();
        assertThat(body.refCnt()).as("only the slice holds the buffer").isEqualTo(1);
        body.setByte(0, 'D');
        assertThat(content.content().getByte(content.content().readerIndex())).as("no copy").isEqualTo((byte) 'D');
        content.release();
        assertThat(body.refCnt()).isZero();
        assertThat((Object) channel.readInbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void decodesChunkedBodyWithTrailers() {
        String raw = lines("POST /c HTTP/1.1", "Host: a", "Transfer-Encoding: chunked", "",
                "5", "hello", "6;ext=1;flag", " world", "0", "Checksum: abc", "X-Done: yes", "", "");
        assertThat(decode(raw)).containsExactly(
                "POST /c HTTP/1.1 {host=a, transfer-encoding=chunked}",
                "content:hello world",
                "last {Checksum=abc, X-Done=yes}");
    }

    @Test
    void decodesChunkedBodyWithoutTrailersAndUpperCaseHex() {
        String raw = lines("PUT /c HTTP/1.1", "Host: a", "Transfer-Encoding: Chunked", "",
                "A", "0123456789", "00", "", "");
        assertThat(decode(raw)).containsExactly(
                "PUT /c HTTP/1.1 {host=a, transfer-encoding=Chunked}", "content:0123456789", "last");
    }

    @Test
    void pausesAfterRequestUntilResumeAndKeepsPipelinedBytes() {
        StrictHttpRequestDecoder decoder = new StrictHttpRequestDecoder(100, 1000, 1000);
        Feed feed = new Feed(new EmbeddedChannel(decoder));
        feed.write(lines("GET /1 HTTP/1.1", "Host: a", "", "")
                + lines("POST /2 HTTP/1.1", "Host: a", "Content-Length: 2", "", "ok")
                + lines("GET /3 HTTP/1.1", "Host: a", "", ""));
        assertThat(feed.events()).containsExactly("GET /1 HTTP/1.1 {host=a}", "last");
        assertThat(decoder.isPaused()).isTrue();

        feed.write("GET /4 HTTP/1.1\r\n");
        assertThat(feed.events()).hasSize(2);

        decoder.resume();
        feed.drain();
        assertThat(feed.events()).containsExactly("GET /1 HTTP/1.1 {host=a}", "last",
                "POST /2 HTTP/1.1 {host=a, content-length=2}", "content:ok", "last");
        assertThat(decoder.isPaused()).isTrue();

        decoder.resume();
        feed.drain();
        assertThat(feed.events()).hasSize(7).endsWith("GET /3 HTTP/1.1 {host=a}", "last");

        decoder.resume();
        feed.drain();
        assertThat(decoder.isPaused()).isFalse();
        assertThat(feed.events()).hasSize(7);
        feed.write("Host: a\r\n\r\n");
        assertThat(feed.events()).hasSize(9).endsWith("GET /4 HTTP/1.1 {host=a}", "last");
        feed.finish();
    }

    @Test
    void stopsReadingWhenPausedWithTooManyPipelinedBytesAndReadsAgainOnResume() {
        StrictHttpRequestDecoder decoder = new StrictHttpRequestDecoder(100, 1000, 1000);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        Feed feed = new Feed(channel);
        feed.write(lines("GET /1 HTTP/1.1", "Host: a", "", ""));
        assertThat(decoder.isPaused()).isTrue();
        String pipelined = lines("GET /n HTTP/1.1", "Host: a", "", "");
        feed.write(pipelined.repeat(StrictHttpRequestDecoder.PAUSED_BUFFER_LIMIT / pipelined.length() / 2));
        assertThat(channel.config().isAutoRead()).isTrue();

        feed.write(pipelined.repeat(StrictHttpRequestDecoder.PAUSED_BUFFER_LIMIT / pipelined.length()));
        assertThat(channel.config().isAutoRead()).isFalse();

        decoder.resume();
        feed.drain();
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(feed.events()).hasSize(4).endsWith("GET /n HTTP/1.1 {host=a}", "last");
        channel.close();
        feed.finish();
    }

    @Test
    void resumeWithNothingBufferedOnlyUnpauses() {
        StrictHttpRequestDecoder decoder = new StrictHttpRequestDecoder(100, 1000, 1000);
        Feed feed = new Feed(new EmbeddedChannel(decoder)).write(lines("GET / HTTP/1.1", "Host: a", "", ""));
        assertThat(decoder.isPaused()).isTrue();
        decoder.resume();
        assertThat(decoder.isPaused()).isFalse();
        assertThat(feed.drain().events()).hasSize(2);
        feed.finish();
    }

    @Test
    void resumeCalledWhileHandlingTheLastContentContinuesDecoding() {
        StrictHttpRequestDecoder decoder = new StrictHttpRequestDecoder(100, 1000, 1000);
        EmbeddedChannel channel = new EmbeddedChannel(decoder, new io.netty.channel.ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                ctx.fireChannelRead(msg);
                if (msg instanceof LastHttpContent) {
                    decoder.resume();
                }
            }
        });
        Feed feed = new Feed(channel).write(lines("GET /1 HTTP/1.1", "Host: a", "", "")
                + lines("GET /2 HTTP/1.1", "Host: a", "", ""));
        assertThat(feed.events()).containsExactly("GET /1 HTTP/1.1 {host=a}", "last", "GET /2 HTTP/1.1 {host=a}", "last");
        assertThat(decoder.isPaused()).isFalse();
        feed.finish();
    }

    @Test
    void pipelinedRequestsGiveSameEventsForEverySplitPoint() {
        String raw = lines("POST /1 HTTP/1.1", "Host: a", "Transfer-Encoding: chunked", "", "3;a=b", "abc", "0", "T: 1", "", "")
                + lines("GET /2 HTTP/1.0", "", "")
                + lines("PUT /3 HTTP/1.1", "Host: a", "Content-Length: 3", "", "xyz");
        List<String> expected = decode(raw);
        assertThat(expected).containsExactly(
                "POST /1 HTTP/1.1 {host=a, transfer-encoding=chunked}", "content:abc", "last {T=1}",
                "GET /2 HTTP/1.0 {}", "last",
                "PUT /3 HTTP/1.1 {host=a, content-length=3}", "content:xyz", "last");
        for (int split = 1; split < raw.length(); split++) {
            StrictHttpRequestDecoder decoder = new StrictHttpRequestDecoder(100, 1000, 1000);
            Feed feed = new Feed(new EmbeddedChannel(decoder));
            feed.afterDrain(() -> {
                while (decoder.isPaused()) {
                    decoder.resume();
                    feed.drain();
                }
            });
            feed.write(raw.substring(0, split)).write(raw.substring(split));
            assertThat(feed.finish().mergedEvents()).as("split at %d", split).isEqualTo(expected);
        }
    }

    @Test
    void rewritesAbsoluteFormToOriginFormWithAuthorityAsHost() {
        assertThat(decode(lines("GET http://example.com:8080/p?q HTTP/1.0", "", "")))
                .containsExactly("GET /p?q HTTP/1.0 {host=example.com:8080}", "last");
        assertThat(decode(lines("GET HTTPS://Example.com HTTP/1.1", "Host: example.COM", "", "")))
                .containsExactly("GET / HTTP/1.1 {host=example.COM}", "last");
        assertThat(decode(lines("GET http://a?x=1 HTTP/1.1", "Host: a", "", "")))
                .containsExactly("GET /?x=1 HTTP/1.1 {host=a}", "last");
    }

    @Test
    void acceptsAsteriskFormForOptions() {
        assertThat(decode(lines("OPTIONS * HTTP/1.1", "Host: a", "", "")))
                .containsExactly("OPTIONS * HTTP/1.1 {host=a}", "last");
    }

    @Test
    void acceptsHttp10WithoutHost() {
        assertThat(decode(lines("GET / HTTP/1.0", "", ""))).containsExactly("GET / HTTP/1.0 {}", "last");
    }

    @Test
    void acceptsValidHostForms() {
        for (String host : List.of("a", "example.com:80", "127.0.0.1", "127.0.0.1:65535", "[::1]", "[2001:db8::1]:8443",
                "my_host-1.example")) {
            assertThat(decode(lines("GET / HTTP/1.1", "Host: " + host, "", "")))
                    .as(host).containsExactly("GET / HTTP/1.1 {host=" + host + "}", "last");
        }
    }

    @Test
    void acceptsExtensionMethods() {
        assertThat(decode(lines("PROPFIND / HTTP/1.1", "Host: a", "", "")))
                .containsExactly("PROPFIND / HTTP/1.1 {host=a}", "last");
    }

    @Test
    void acceptsRequestLineAndHeaderSectionExactlyAtTheLimits() {
        String line = "GET /" + "a".repeat(100 - 14) + " HTTP/1.1";
        assertThat(line).hasSize(100);
        String header = "Host: " + "b".repeat(48 - 8);
        assertThat(header.length() + 2).isEqualTo(48);
        assertThat(decode(lines(line, header, "", ""), 100, 48, 0)).hasSize(2).endsWith("last");
    }

    @Test
    void rejectsRequestLineLongerThanLimitWith414() {
        String line = "GET /" + "a".repeat(100 - 13) + " HTTP/1.1";
        assertThat(decode(lines(line, "Host: a", "", ""), 100, 1000, 0)).containsExactly("rejected 414");
    }

    @Test
    void rejectsOverlongRequestLineBeforeItEnds() {
        assertThat(decode("GET /" + "a".repeat(200), 100, 1000, 0)).containsExactly("rejected 414");
    }

    @Test
    void rejectsHeaderSectionLargerThanLimitWith431() {
        String header = "Host: " + "b".repeat(48 - 7);
        assertThat(decode(lines("GET / HTTP/1.1", header, "", ""), 100, 48, 0)).containsExactly("rejected 431");
        assertThat(decode(lines("GET / HTTP/1.1", "Host: a", "X: " + "y".repeat(100)), 100, 48, 0))
                .containsExactly("rejected 431");
    }

    @Test
    void rejectsMoreThanHundredHeaderFieldsWith431() {
        StringBuilder hundred = new StringBuilder("GET / HTTP/1.1\r\nHost: a\r\n");
        for (int i = 1; i < 100; i++) {
            hundred.append("X-").append(i).append(": v\r\n");
        }
        assertThat(decode(hundred + "\r\n")).hasSize(2).endsWith("last");
        assertRejected(hundred + "X-100: v\r\n\r\n", 431);
    }

    @Test
    void rejectsContentLengthAboveMaxBodyWith413BeforeEmittingAnything() {
        assertThat(decode(lines("POST / HTTP/1.1", "Host: a", "Content-Length: 11", "", "01234567890"), 100, 1000, 10))
                .containsExactly("rejected 413");
        assertThat(decode(lines("POST / HTTP/1.1", "Host: a", "Content-Length: 10", "", "0123456789"), 100, 1000, 10))
                .endsWith("content:0123456789", "last");
    }

    @Test
    void rejectsChunkedBodyWith413AtThePointItExceedsTheLimit() {
        String raw = lines("POST / HTTP/1.1", "Host: a", "Transfer-Encoding: chunked", "", "6", "012345", "5", "67890", "0", "", "");
        assertThat(decode(raw, 100, 1000, 10)).containsExactly(
                "POST / HTTP/1.1 {host=a, transfer-encoding=chunked}", "content:012345", "rejected 413");
        assertThat(decode(raw, 100, 1000, 11)).endsWith("content:01234567890", "last");
    }

    @Test
    void rejectsTrailersLargerThanTheHeaderLimitWith431() {
        String raw = lines("POST / HTTP/1.1", "Host: a", "Transfer-Encoding: chunked", "", "0", "X: " + "t".repeat(60), "", "");
        assertThat(decode(raw, 100, 60, 10))
                .containsExactly("POST / HTTP/1.1 {host=a, transfer-encoding=chunked}", "rejected 431");
    }

    @Test
    void acceptsChunkSizeOfSixteenHexDigits() {
        String raw = lines("POST / HTTP/1.1", "Host: a", "Transfer-Encoding: chunked", "",
                "0000000000000003", "abc", "0", "", "");
        assertThat(decode(raw)).endsWith("content:abc", "last");
    }

    @Test
    void rejectsUnsupportedHttpVersionsWith505() {
        assertRejected(lines("GET / HTTP/2.0", "Host: a", "", ""), 505);
        assertRejected(lines("GET / HTTP/1.2", "Host: a", "", ""), 505);
        assertRejected(lines("GET / HTTP/0.9", "", ""), 505);
    }

    @Test
    void rejectsConnectWith501() {
        assertRejected(lines("CONNECT example.com:443 HTTP/1.1", "Host: example.com:443", "", ""), 501);
    }

    @Test
    void ignoresAndReleasesInputAfterRejection() {
        Feed feed = new Feed(new EmbeddedChannel(new StrictHttpRequestDecoder(100, 1000, 1000)))
                .write("BAD\r\n")
                .write(lines("GET / HTTP/1.1", "Host: a", "", ""))
                .write("more");
        assertThat(feed.events()).containsExactly("rejected 400");
        feed.finish();
    }

    @Test
    void rejectsPipelinedGarbageOnResumeAndIgnoresTheRest() {
        StrictHttpRequestDecoder decoder = new StrictHttpRequestDecoder(100, 1000, 1000);
        Feed feed = new Feed(new EmbeddedChannel(decoder)).write("GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /\0 HTTP/1.1\r\n");
        decoder.resume();
        feed.drain().write(lines("GET / HTTP/1.1", "Host: a", "", ""));
        assertThat(feed.events()).containsExactly("GET / HTTP/1.1 {host=a}", "last", "rejected 400");
        feed.finish();
    }

    @Test
    void passesBufferedBytesOnWhenRemovedForAnUpgrade() {
        StrictHttpRequestDecoder decoder = new StrictHttpRequestDecoder(100, 1000, 1000);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        Feed feed = new Feed(channel).write(lines("GET /ws HTTP/1.1", "Host: a", "Upgrade: websocket", "", "")
                + "\u0081\u0005hello");
        channel.pipeline().remove(decoder);
        feed.drain();
        assertThat(feed.events()).containsExactly(
                "GET /ws HTTP/1.1 {host=a, upgrade=websocket}", "last", "bytes:\u0081\u0005hello");
        feed.finish();
    }

    @Test
    void asksForMoreInputWhenAutoReadIsOffAndNoMessageWasProduced() {
        EmbeddedChannel channel = new EmbeddedChannel(new StrictHttpRequestDecoder(100, 1000, 1000));
        int[] reads = {0};
        channel.pipeline().addFirst(new io.netty.channel.ChannelOutboundHandlerAdapter() {
            @Override
            public void read(io.netty.channel.ChannelHandlerContext ctx) {
                reads[0]++;
                ctx.read();
            }
        });
        channel.config().setAutoRead(false);
        reads[0] = 0;
        channel.writeInbound(buffer("GET / HT"));
        assertThat(reads[0]).isEqualTo(1);
        channel.writeInbound(buffer("TP/1.1\r\nHost: a\r\n\r\n"));
        assertThat(reads[0]).isEqualTo(1);
        assertThat(channel.finishAndReleaseAll()).isTrue();
    }

    @Test
    void validatesLimits() {
        assertThatIllegalArgumentException().isThrownBy(() -> new StrictHttpRequestDecoder(0, 1, 1))
                .withMessage("maxRequestLineBytes: 0 (expected: > 0)");
        assertThatIllegalArgumentException().isThrownBy(() -> new StrictHttpRequestDecoder(1, -1, 1))
                .withMessage("maxHeaderBytes: -1 (expected: > 0)");
        assertThatIllegalArgumentException().isThrownBy(() -> new StrictHttpRequestDecoder(1, 1, -1))
                .withMessage("maxBodyBytes: -1 (expected: >= 0)");
    }

    @Test
    void knownHeaderNamesAreRecognisedRegardlessOfCase() {
        EmbeddedChannel channel = new EmbeddedChannel(new StrictHttpRequestDecoder(100, 1000, 1000));
        channel.writeInbound(buffer(lines("POST / HTTP/1.1", "hOsT: a", "CONTENT-LENGTH: 0", "", "")));
        HttpRequest request = channel.readInbound();
        assertThat(request.headers().names()).containsExactly("host", "content-length");
        assertThat(request.headers().get(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo("0");
        assertThat(channel.finishAndReleaseAll()).isTrue();
    }

    static ByteBuf buffer(String s) {
        ByteBuf buf = io.netty.buffer.ByteBufAllocator.DEFAULT.buffer();
        buf.writeCharSequence(s, java.nio.charset.StandardCharsets.ISO_8859_1);
        return buf;
    }
}
