package io.portico.http;

import static io.portico.http.Feed.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictHttpResponseDecoderTest {
    private static final int MAX_HEAD = 1000;

    /**
     * Merged events of decoding {@code raw} as the responses to {@code methods}, followed by the
     * connection closing; asserts that feeding it one byte at a time gives the same events.
     */
    private static List<String> decode(String raw, HttpMethod... methods) {
        List<String> whole = feed(raw, false, methods);
        assertThat(feed(raw, true, methods)).as("same events when fed one byte at a time").isEqualTo(whole);
        return whole;
    }

    private static List<String> feed(String raw, boolean bytewise, HttpMethod... methods) {
        StrictHttpResponseDecoder decoder = new StrictHttpResponseDecoder(MAX_HEAD);
        for (HttpMethod method : methods) {
            decoder.expectResponseTo(method);
        }
        Feed feed = new Feed(new EmbeddedChannel(decoder));
        if (bytewise) {
            feed.writeBytewise(raw);
        } else {
            feed.write(raw);
        }
        return feed.finish().mergedEvents();
    }

    private static void assertRejected(String raw) {
        assertThat(decode(raw, HttpMethod.GET)).containsExactly("rejected");
    }

    @Test
    void decodesResponseWithContentLength() {
        assertThat(decode(lines("HTTP/1.1 200 OK", "Content-Length: 5", "Server: s", "", "hello"), HttpMethod.GET))
                .containsExactly("HTTP/1.1 200 OK {content-length=5, server=s}", "content:hello", "last");
    }

    @Test
    void decodesChunkedResponseWithTrailers() {
        String raw = lines("HTTP/1.1 200 OK", "Transfer-Encoding: chunked", "", "3", "abc", "2;x=y", "de", "0",
                "Grpc-Status: 0", "", "");
        assertThat(decode(raw, HttpMethod.POST)).containsExactly(
                "HTTP/1.1 200 OK {transfer-encoding=chunked}", "content:abcde", "last {Grpc-Status=0}");
    }

    @Test
    void responseToHeadHasNoBodyDespiteContentLength() {
        String raw = lines("HTTP/1.1 200 OK", "Content-Length: 100", "", "")
                + lines("HTTP/1.1 200 OK", "Content-Length: 2", "", "ok");
        assertThat(decode(raw, HttpMethod.HEAD, HttpMethod.GET)).containsExactly(
                "HTTP/1.1 200 OK {content-length=100}", "last",
                "HTTP/1.1 200 OK {content-length=2}", "content:ok", "last");
    }

    @Test
    void responsesWith204And304HaveNoBody() {
        String raw = lines("HTTP/1.1 204 No Content", "", "")
                + lines("HTTP/1.1 304 Not Modified", "Content-Length: 50", "ETag: \"x\"", "", "");
        assertThat(decode(raw, HttpMethod.DELETE, HttpMethod.GET)).containsExactly(
                "HTTP/1.1 204 No Content {}", "last",
                "HTTP/1.1 304 Not Modified {content-length=50, etag=\"x\"}", "last");
    }

    @Test
    void keepsRepeatedFieldsOtherThanFramingInResponses() {
        assertThat(decode(lines("HTTP/1.1 200 OK", "Set-Cookie: a=1", "Set-Cookie: b=2", "Host: x", "Host: y",
                        "Content-Length: 0", "", ""), HttpMethod.GET))
                .containsExactly("HTTP/1.1 200 OK {set-cookie=a=1, set-cookie=b=2, host=x, host=y, content-length=0}", "last");
    }

    @Test
    void zeroContentLengthEndsTheResponseAtOnce() {
        assertThat(decode(lines("HTTP/1.1 200 OK", "Content-Length: 0", "", ""), HttpMethod.GET))
                .containsExactly("HTTP/1.1 200 OK {content-length=0}", "last");
    }

    @Test
    void readsBodyUntilCloseWithoutFraming() {
        assertThat(decode(lines("HTTP/1.0 200 OK", "", "all of it until the end"), HttpMethod.GET))
                .containsExactly("HTTP/1.0 200 OK {}", "content:all of it until the end", "last");
        assertThat(decode(lines("HTTP/1.1 200 OK", "Connection: close", "", ""), HttpMethod.GET))
                .containsExactly("HTTP/1.1 200 OK {connection=close}", "last");
    }

    @Test
    void emitsInterimResponsesSeparatelyAndContinuesWithTheFinalOne() {
        String raw = lines("HTTP/1.1 100 Continue", "", "")
                + lines("HTTP/1.1 103 Early Hints", "Link: </s.css>", "", "")
                + lines("HTTP/1.1 201 Created", "Content-Length: 2", "", "ok");
        assertThat(decode(raw, HttpMethod.POST)).containsExactly(
                "HTTP/1.1 100 Continue {}", "last",
                "HTTP/1.1 103 Early Hints {Link=</s.css>}", "last",
                "HTTP/1.1 201 Created {content-length=2}", "content:ok", "last");
    }

    @Test
    void becomesATunnelAfterSwitchingProtocols() {
        String raw = lines("HTTP/1.1 101 Switching Protocols", "Upgrade: websocket", "Connection: Upgrade", "", "")
                + "\u0081\u0002hi";
        StrictHttpResponseDecoder decoder = new StrictHttpResponseDecoder(MAX_HEAD);
        decoder.expectResponseTo(HttpMethod.GET);
        Feed feed = new Feed(new EmbeddedChannel(decoder)).write(raw).write("more");
        assertThat(feed.finish().events()).containsExactly(
                "HTTP/1.1 101 Switching Protocols {upgrade=websocket, connection=Upgrade}", "last",
                "bytes:\u0081\u0002hi", "bytes:more");
        assertThat(decoder.isIdle()).isFalse();
    }

    @Test
    void decodesPipelinedResponsesInOrder() {
        String raw = lines("HTTP/1.1 200 OK", "Transfer-Encoding: chunked", "", "1", "a", "0", "", "")
                + lines("HTTP/1.1 404 Not Found", "Content-Length: 1", "", "b")
                + lines("HTTP/1.1 500 Internal Server Error", "Content-Length: 0", "", "");
        assertThat(decode(raw, HttpMethod.GET, HttpMethod.GET, HttpMethod.GET)).containsExactly(
                "HTTP/1.1 200 OK {transfer-encoding=chunked}", "content:a", "last",
                "HTTP/1.1 404 Not Found {content-length=1}", "content:b", "last",
                "HTTP/1.1 500 Internal Server Error {content-length=0}", "last");
    }

    @Test
    void keepsCustomReasonPhraseAndAcceptsMissingOne() {
        StrictHttpResponseDecoder decoder = new StrictHttpResponseDecoder(MAX_HEAD);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        decoder.expectResponseTo(HttpMethod.GET);
        decoder.expectResponseTo(HttpMethod.GET);
        decoder.expectResponseTo(HttpMethod.GET);
        channel.writeInbound(StrictHttpRequestDecoderTest.buffer(
                "HTTP/1.1 200 Fine \u00e9\r\nContent-Length: 0\r\n\r\nHTTP/1.1 404\r\nContent-Length: 0\r\n\r\n"
                        + "HTTP/1.1 299 \r\nContent-Length: 0\r\n\r\n"));
        HttpResponse first = channel.readInbound();
        assertThat(first.status().code()).isEqualTo(200);
        assertThat(first.status().reasonPhrase()).isEqualTo("Fine \u00e9");
        channel.readInbound();
        HttpResponse second = channel.readInbound();
        assertThat(second.status().reasonPhrase()).isEqualTo("Not Found");
        channel.readInbound();
        HttpResponse third = channel.readInbound();
        assertThat(third.status().code()).isEqualTo(299);
        assertThat(third.status().reasonPhrase()).isEmpty();
        channel.readInbound();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void reportsIdleOnlyWhenNoResponseIsExpectedOrInProgress() {
        StrictHttpResponseDecoder decoder = new StrictHttpResponseDecoder(MAX_HEAD);
        Feed feed = new Feed(new EmbeddedChannel(decoder));
        assertThat(decoder.isIdle()).isTrue();
        decoder.expectResponseTo(HttpMethod.GET);
        assertThat(decoder.isIdle()).isFalse();
        feed.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab");
        assertThat(decoder.isIdle()).isFalse();
        feed.write("cd");
        assertThat(decoder.isIdle()).isTrue();
        assertThat(feed.finish().mergedEvents()).containsExactly("HTTP/1.1 200 OK {content-length=4}", "content:abcd", "last");
    }

    @Test
    void acceptsTheNextResponseWhenExpectedFromInsideTheLastContent() {
        StrictHttpResponseDecoder decoder = new StrictHttpResponseDecoder(MAX_HEAD);
        EmbeddedChannel channel = new EmbeddedChannel(decoder, new io.netty.channel.ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                ctx.fireChannelRead(msg);
                if (msg instanceof io.netty.handler.codec.http.LastHttpContent && decoder.isIdle()) {
                    decoder.expectResponseTo(HttpMethod.GET);
                }
            }
        });
        decoder.expectResponseTo(HttpMethod.GET);
        Feed feed = new Feed(channel).write(lines("HTTP/1.1 200 OK", "Content-Length: 0", "", ""))
                .write(lines("HTTP/1.1 202 Accepted", "Content-Length: 0", "", ""));
        assertThat(feed.events()).containsExactly(
                "HTTP/1.1 200 OK {content-length=0}", "last", "HTTP/1.1 202 Accepted {content-length=0}", "last");
        channel.pipeline().removeLast();
        feed.finish();
    }

    @Test
    void rejectsBytesWhenNoResponseIsExpected() {
        assertThat(decode("HTTP/1.1 200 OK\r\n\r\n")).containsExactly("rejected");
    }

    @Test
    void rejectsBytesBeyondTheExpectedResponse() {
        assertThat(decode(lines("HTTP/1.1 200 OK", "Content-Length: 2", "", "okEXTRA"), HttpMethod.GET))
                .containsExactly("HTTP/1.1 200 OK {content-length=2}", "content:ok", "last", "rejected");
    }

    @Test
    void neverTakesBytesReceivedBeforeTheRequestForItsResponse() {
        StrictHttpResponseDecoder decoder = new StrictHttpResponseDecoder(MAX_HEAD);
        EmbeddedChannel channel = new EmbeddedChannel(decoder, new io.netty.channel.ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                ctx.fireChannelRead(msg);
                if (msg instanceof io.netty.handler.codec.http.LastHttpContent) {
                    decoder.expectResponseTo(HttpMethod.GET);
                }
            }
        });
        decoder.expectResponseTo(HttpMethod.GET);
        Feed feed = new Feed(channel).write(lines("HTTP/1.1 200 OK", "Content-Length: 0", "", "")
                + lines("HTTP/1.1 200 OK", "Content-Length: 0", "", ""));
        assertThat(feed.events()).containsExactly("HTTP/1.1 200 OK {content-length=0}", "last", "rejected");
        assertThat(decoder.isIdle()).isFalse();
        channel.pipeline().removeLast();
        feed.finish();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/1.1 200OK", "HTTP/1.1  200 OK", "HTTP/1.1 20 OK", "HTTP/1.1 2000 OK", "HTTP/1.1 600 Odd", "HTTP/1.1 099 Low",
        "HTTP/2.0 200 OK", "HTTP/1.2 200 OK", "http/1.1 200 OK", "HTTP/1.1", "HTTP/1.1 abc OK", "ICY 200 OK", "",
        "HTTP/1.1 200 O\u0000K", " HTTP/1.1 200 OK"})
    void rejectsMalformedStatusLine(String statusLine) {
        assertRejected(lines(statusLine, "Content-Length: 0", "", ""));
    }

    @Test
    void rejectsAmbiguousFraming() {
        assertRejected(lines("HTTP/1.1 200 OK", "Content-Length: 1", "Transfer-Encoding: chunked", "", "0", "", ""));
        assertRejected(lines("HTTP/1.1 200 OK", "Content-Length: 1", "Content-Length: 1", "", "a"));
        assertRejected(lines("HTTP/1.1 200 OK", "Content-Length: 1, 1", "", "a"));
        assertRejected(lines("HTTP/1.1 200 OK", "Content-Length: -1", "", "a"));
        assertRejected(lines("HTTP/1.1 200 OK", "Transfer-Encoding: gzip, chunked", "", "0", "", ""));
        assertRejected(lines("HTTP/1.1 200 OK", "Transfer-Encoding: chunked", "Transfer-Encoding: chunked", "", "0", "", ""));
        assertRejected(lines("HTTP/1.0 200 OK", "Transfer-Encoding: chunked", "", "0", "", ""));
    }

    @Test
    void rejectsMalformedHeaderLines() {
        assertRejected(lines("HTTP/1.1 200 OK", "X: a", " folded", "Content-Length: 0", "", ""));
        assertRejected("HTTP/1.1 200 OK\r\nX: a\nContent-Length: 0\r\n\r\n");
        assertRejected("HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n");
        assertRejected(lines("HTTP/1.1 200 OK", "X : a", "Content-Length: 0", "", ""));
        assertRejected(lines("HTTP/1.1 200 OK", "X: a\u0000", "Content-Length: 0", "", ""));
    }

    @Test
    void rejectsBadChunkedBody() {
        assertThat(decode(lines("HTTP/1.1 200 OK", "Transfer-Encoding: chunked", "", "2", "abc", "0", "", ""), HttpMethod.GET))
                .containsExactly("HTTP/1.1 200 OK {transfer-encoding=chunked}", "content:ab", "rejected");
        assertThat(decode(lines("HTTP/1.1 200 OK", "Transfer-Encoding: chunked", "", "x", "", ""), HttpMethod.GET))
                .containsExactly("HTTP/1.1 200 OK {transfer-encoding=chunked}", "rejected");
    }

    @Test
    void rejectsHeadLargerThanTheLimit() {
        assertRejected(lines("HTTP/1.1 200 OK", "X: " + "a".repeat(MAX_HEAD), "", ""));
        assertRejected("HTTP/1.1 200 " + "a".repeat(MAX_HEAD));
        StringBuilder many = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 0; i <= HeaderSectionParser.MAX_FIELDS; i++) {
            many.append("X: ").append(i).append("\r\n");
        }
        assertThat(many.length()).isLessThan(MAX_HEAD);
        assertRejected(many + "\r\n");
    }

    @Test
    void rejectsConnectionClosedMidBody() {
        assertThat(decode(lines("HTTP/1.1 200 OK", "Content-Length: 10", "", "short"), HttpMethod.GET))
                .containsExactly("HTTP/1.1 200 OK {content-length=10}", "content:short", "rejected");
        assertThat(decode(lines("HTTP/1.1 200 OK", "Transfer-Encoding: chunked", "", "5", "hello", ""), HttpMethod.GET))
                .containsExactly("HTTP/1.1 200 OK {transfer-encoding=chunked}", "content:hello", "rejected");
        assertThat(decode(lines("HTTP/1.1 200 OK", "Transfer-Encoding: chunked", "", "5", "hello", "0", "X: y"), HttpMethod.GET))
                .containsExactly("HTTP/1.1 200 OK {transfer-encoding=chunked}", "content:hello", "rejected");
    }

    @Test
    void rejectsConnectionClosedInTheHeadOrBeforeResponding() {
        assertThat(decode("HTTP/1.1 200 OK\r\nContent-Le", HttpMethod.GET)).containsExactly("rejected");
        assertThat(decode("HTTP/1.1 2", HttpMethod.GET)).containsExactly("rejected");
        assertThat(decode("", HttpMethod.GET)).containsExactly("rejected");
    }

    @Test
    void reportsWhyTheResponseWasRejected() {
        StrictHttpResponseDecoder decoder = new StrictHttpResponseDecoder(MAX_HEAD);
        decoder.expectResponseTo(HttpMethod.GET);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        channel.writeInbound(StrictHttpRequestDecoderTest.buffer("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nab"));
        ((HttpResponse) channel.readInbound()).headers();
        io.netty.util.ReferenceCountUtil.release(channel.readInbound());
        channel.close();
        assertThat((Object) channel.readInbound()).isEqualTo(new ResponseRejected("upstream closed mid-body"));
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void ignoresAndReleasesInputAfterRejection() {
        StrictHttpResponseDecoder decoder = new StrictHttpResponseDecoder(MAX_HEAD);
        decoder.expectResponseTo(HttpMethod.GET);
        Feed feed = new Feed(new EmbeddedChannel(decoder)).write("garbage\r\n");
        decoder.expectResponseTo(HttpMethod.GET);
        feed.write(lines("HTTP/1.1 200 OK", "Content-Length: 0", "", ""));
        assertThat(feed.finish().events()).containsExactly("rejected");
        assertThat(decoder.isIdle()).isFalse();
    }

    @Test
    void validatesLimit() {
        assertThatIllegalArgumentException().isThrownBy(() -> new StrictHttpResponseDecoder(0))
                .withMessage("maxHeaderBytes: 0 (expected: > 0)");
    }
}
