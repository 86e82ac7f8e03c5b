package io.portico.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;

/**
 * Strict HTTP/1.1 response decoder for upstream connections.
 *
 * <p>The proxy announces each request with {@link #expectResponseTo} before writing it. Per response
 * the decoder emits a {@link DefaultHttpResponse}, zero or more {@link DefaultHttpContent} chunks
 * (retained slices of the received buffers) and a {@link LastHttpContent} that never carries data
 * (it holds the trailers of a chunked body, if any). A 1xx interim response is emitted as its own
 * response and LastHttpContent, and decoding continues with the final response to the same request.
 * After a 101 the connection is a tunnel: later bytes are passed on as plain {@link ByteBuf}s.
 *
 * <p>Framing follows RFC 9112 §6.3: no body for 1xx, 204, 304 and responses to HEAD; then chunked;
 * then Content-Length; otherwise the body runs until the connection closes. Ambiguous framing, a
 * malformed or oversized head, bytes nobody asked for, or a connection closed before the response is
 * complete fire a {@link ResponseRejected} instead of a LastHttpContent, so a truncated body never
 * looks like a complete one. After a rejection all input is released unread.
 *
 * <p>Runs on the channel's event loop only; not sharable.
 */
public final class StrictHttpResponseDecoder extends ChannelInboundHandlerAdapter {
    private static final HttpHeadersFactory HEADERS =
            DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    private enum State { IDLE, STATUS_LINE, HEADERS, BODY_FIXED, BODY_CHUNKED, BODY_UNTIL_CLOSE, TUNNEL, REJECTED }

    private final int maxHeaderBytes;
    private final LineReader lines = new LineReader();
    private final HeaderSectionParser head = new HeaderSectionParser();
    private final ChunkedBodyDecoder chunked;
    /** Methods of the requests written whose responses have not completed, oldest first. */
    private final ArrayDeque<HttpMethod> expected = new ArrayDeque<>(2);

    private ChannelHandlerContext ctx;
    /** Received bytes not yet decoded; owned by this handler. Null when empty. */
    private ByteBuf cumulation;
    private State state = State.IDLE;
    private boolean decoding;
    private StatusLine statusLine;
    private HttpHeaders headers;
    private long bodyRemaining;

    public StrictHttpResponseDecoder(int maxHeaderBytes) {
        if (maxHeaderBytes <= 0) {
            throw new IllegalArgumentException("maxHeaderBytes: " + maxHeaderBytes + " (expected: > 0)");
        }
        this.maxHeaderBytes = maxHeaderBytes;
        this.chunked = new ChunkedBodyDecoder(maxHeaderBytes);
    }

    /**
     * Announces that a request with {@code method} is about to be written, so that a response to it
     * is expected (after the responses to earlier requests). Must be called on the event loop.
     */
    public void expectResponseTo(HttpMethod method) {
        if (state == State.REJECTED || state == State.TUNNEL) {
            return;
        }
        expected.add(method);
        if (state == State.IDLE) {
            state = State.STATUS_LINE;
        }
    }

    /** Whether no response is expected or in progress, so the connection may be reused. */
    public boolean isIdle() {
        return state == State.IDLE && expected.isEmpty();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        switch (state) {
            case REJECTED -> in.release();
            case TUNNEL -> ctx.fireChannelRead(in);
            case IDLE -> {
                boolean unexpected = in.isReadable();
                in.release();
                if (unexpected) {
                    reject("unexpected bytes from upstream");
                }
            }
            default -> {
                cumulation = cumulation == null
                        ? in
                        : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, in);
                decode();
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        switch (state) {
            case BODY_UNTIL_CLOSE -> complete(LastHttpContent.EMPTY_LAST_CONTENT);
            case STATUS_LINE -> reject(
                    cumulation == null ? "upstream closed before responding" : "upstream closed mid-head");
            case HEADERS -> reject("upstream closed mid-head");
            case BODY_FIXED, BODY_CHUNKED -> reject("upstream closed mid-body");
            default -> { }
        }
        releaseCumulation();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ByteBuf rest = cumulation;
        cumulation = null;
        if (rest != null && rest.isReadable() && state == State.TUNNEL) {
            ctx.fireChannelRead(rest);
            ctx.fireChannelReadComplete();
        } else if (rest != null) {
            rest.release();
        }
    }

    private void decode() {
        if (decoding) {
            return;
        }
        decoding = true;
        try {
            while (cumulation != null && cumulation.isReadable() && !ctx.isRemoved()) {
                if (!step()) {
                    break;
                }
            }
        } catch (HttpViolation violation) {
            reject(violation.reason());
        } finally {
            decoding = false;
            if (cumulation != null && !cumulation.isReadable()) {
                releaseCumulation();
            }
        }
    }

    /** Decodes one element; returns false when more input is needed. */
    private boolean step() throws HttpViolation {
        switch (state) {
            case STATUS_LINE -> {
                int length = lines.next(cumulation, ByteClasses.FIELD_LINE, maxHeaderBytes,
                        HttpResponseStatus.BAD_GATEWAY, "status line");
                if (length < 0) {
                    return false;
                }
                statusLine = StatusLine.parse(cumulation, cumulation.readerIndex(), length);
                lines.consume(cumulation, length);
                headers = HEADERS.newHeaders();
                head.start(headers, maxHeaderBytes - length - 2, HeaderSectionParser.Section.RESPONSE_HEAD);
                state = State.HEADERS;
                return true;
            }
            case HEADERS -> {
                if (!head.parse(cumulation)) {
                    return false;
                }
                endOfHead();
                return true;
            }
            case BODY_FIXED -> {
                int n = (int) Math.min(cumulation.readableBytes(), bodyRemaining);
                bodyRemaining -= n;
                fire(new DefaultHttpContent(cumulation.readRetainedSlice(n)));
                if (bodyRemaining == 0) {
                    complete(LastHttpContent.EMPTY_LAST_CONTENT);
                }
                return true;
            }
            case BODY_CHUNKED -> {
                HttpContent content = chunked.next(cumulation);
                if (content == null) {
                    return false;
                }
                if (content instanceof LastHttpContent last) {
                    complete(last);
                } else {
                    fire(content);
                }
                return true;
            }
            case BODY_UNTIL_CLOSE -> {
                fire(new DefaultHttpContent(cumulation.readRetainedSlice(cumulation.readableBytes())));
                return true;
            }
            case TUNNEL -> {
                ByteBuf rest = cumulation;
                cumulation = null;
                fire(rest);
                return false;
            }
            case IDLE -> throw HttpViolation.badRequest("unexpected bytes after response");
            default -> {
                return false;
            }
        }
    }

    private void endOfHead() throws HttpViolation {
        StatusLine line = statusLine;
        statusLine = null;
        HttpHeaders responseHeaders = headers;
        headers = null;
        long contentLength = head.contentLength();
        boolean isChunked = head.chunked();
        if (isChunked && contentLength >= 0) {
            throw HttpViolation.badRequest("both Content-Length and Transfer-Encoding");
        }
        if (isChunked && line.version() == HttpVersion.HTTP_1_0) {
            throw HttpViolation.badRequest("Transfer-Encoding in HTTP/1.0 response");
        }
        int code = line.status().code();
        fire(new DefaultHttpResponse(line.version(), line.status(), responseHeaders));
        if (code < 200) {
            if (code == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
                expected.poll();
                state = State.TUNNEL;
            } else {
                state = State.STATUS_LINE;
            }
            fire(LastHttpContent.EMPTY_LAST_CONTENT);
        } else if (HttpMethod.HEAD.equals(expected.peek()) || code == 204 || code == 304) {
            complete(LastHttpContent.EMPTY_LAST_CONTENT);
        } else if (isChunked) {
            chunked.start(Long.MAX_VALUE);
            state = State.BODY_CHUNKED;
        } else if (contentLength == 0) {
            complete(LastHttpContent.EMPTY_LAST_CONTENT);
        } else if (contentLength > 0) {
            bodyRemaining = contentLength;
            state = State.BODY_FIXED;
        } else {
            state = State.BODY_UNTIL_CLOSE;
        }
    }

    /** Ends the current response; the next state is set before firing, as the proxy may react at once. */
    private void complete(LastHttpContent last) {
        expected.poll();
        // Bytes beyond a response while no other is expected make the connection unusable; they must
        // not be taken for the response to a request the proxy writes after this one.
        boolean unexpectedBytes = expected.isEmpty() && cumulation != null && cumulation.isReadable();
        state = unexpectedBytes ? State.REJECTED : expected.isEmpty() ? State.IDLE : State.STATUS_LINE;
        fire(last);
        if (unexpectedBytes) {
            reject("unexpected bytes after response");
        }
    }

    private void fire(Object msg) {
        ctx.fireChannelRead(msg);
    }

    private void reject(String reason) {
        state = State.REJECTED;
        expected.clear();
        statusLine = null;
        headers = null;
        releaseCumulation();
        fire(new ResponseRejected(reason));
    }

    private void releaseCumulation() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }
}
