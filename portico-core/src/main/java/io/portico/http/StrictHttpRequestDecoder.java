package io.portico.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;

/**
 * Strict HTTP/1.1 request decoder for client connections.
 *
 * <p>Emits, per request, a {@link DefaultHttpRequest} (HTTP/1.0 or 1.1; uri = the request-target in
 * origin-form, absolute-form being rewritten with its authority as Host), then zero or more
 * {@link DefaultHttpContent} chunks (retained slices of the received buffers, whatever arrived), then a
 * {@link LastHttpContent} that never carries data: {@link LastHttpContent#EMPTY_LAST_CONTENT}, or a
 * {@code DefaultLastHttpContent} with the trailers of a chunked body.
 *
 * <p>After a request's LastHttpContent the decoder pauses: pipelined bytes are kept undecoded until
 * the handler calls {@link #resume()} once the response is complete. While paused it keeps buffering
 * what arrives, up to {@link #PAUSED_BUFFER_LIMIT} bytes: past that it turns auto-read off itself, and
 * {@link #resume()} turns it back on, so a client pipelining without end cannot fill the memory.
 *
 * <p>On any violation it fires a {@link RequestRejected} and releases all further input. Runs on the
 * channel's event loop only; not sharable.
 */
public final class StrictHttpRequestDecoder extends ChannelInboundHandlerAdapter {
    private static final HttpHeadersFactory HEADERS =
            DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    private enum State { REQUEST_LINE, HEADERS, BODY_FIXED, BODY_CHUNKED, REJECTED }

    /** Undecoded pipelined bytes kept while paused before reading stops. */
    static final int PAUSED_BUFFER_LIMIT = 64 * 1024;

    private final int maxRequestLineBytes;
    private final int maxHeaderBytes;
    private final long maxBodyBytes;
    private final LineReader lines = new LineReader();
    private final HeaderSectionParser head = new HeaderSectionParser();
    private final ChunkedBodyDecoder chunked;

    private ChannelHandlerContext ctx;
    /** Received bytes not yet decoded; owned by this handler. Null when empty. */
    private ByteBuf cumulation;
    private State state = State.REQUEST_LINE;
    private boolean paused;
    private boolean stoppedReadingWhilePaused;
    private boolean decoding;
    private boolean firedSinceReadComplete;
    private RequestLine requestLine;
    private HttpHeaders headers;
    private long bodyRemaining;

    public StrictHttpRequestDecoder(int maxRequestLineBytes, int maxHeaderBytes, long maxBodyBytes) {
        if (maxRequestLineBytes <= 0) {
            throw new IllegalArgumentException("maxRequestLineBytes: " + maxRequestLineBytes + " (expected: > 0)");
        }
        if (maxHeaderBytes <= 0) {
            throw new IllegalArgumentException("maxHeaderBytes: " + maxHeaderBytes + " (expected: > 0)");
        }
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes: " + maxBodyBytes + " (expected: >= 0)");
        }
        this.maxRequestLineBytes = maxRequestLineBytes;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
        this.chunked = new ChunkedBodyDecoder(maxHeaderBytes);
    }

    /** Whether the decoder waits for {@link #resume()} after a complete request. */
    public boolean isPaused() {
        return paused;
    }

    /**
     * Lets the decoder continue after the previous request's response is complete, decoding what is
     * already buffered right away (which may fire the next request). Must be called on the event loop.
     */
    public void resume() {
        if (!paused) {
            return;
        }
        paused = false;
        if (stoppedReadingWhilePaused) {
            stoppedReadingWhilePaused = false;
            ctx.channel().config().setAutoRead(true);
        }
        if (decoding || cumulation == null) {
            // A decode loop further up the stack continues by itself; or nothing is buffered.
            return;
        }
        decode();
        if (!paused && (state == State.REQUEST_LINE || state == State.HEADERS)
                && !ctx.channel().config().isAutoRead()) {
            // Part of a request head is buffered and nobody else knows that more must be read.
            ctx.read();
        }
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
        if (state == State.REJECTED) {
            in.release();
            return;
        }
        cumulation = cumulation == null
                ? in
                : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, in);
        if (!paused) {
            decode();
        } else if (cumulation.readableBytes() > PAUSED_BUFFER_LIMIT && ctx.channel().config().isAutoRead()) {
            stoppedReadingWhilePaused = true;
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!firedSinceReadComplete && !paused && state != State.REJECTED && !ctx.channel().config().isAutoRead()) {
            // Same contract as ByteToMessageDecoder: ask for more when a read produced no message.
            ctx.read();
        }
        firedSinceReadComplete = false;
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseCumulation();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        // After a protocol upgrade the buffered bytes belong to the next handler.
        ByteBuf rest = cumulation;
        cumulation = null;
        if (rest != null && rest.isReadable() && state != State.REJECTED) {
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
            while (!paused && cumulation != null && cumulation.isReadable() && !ctx.isRemoved()) {
                if (!step()) {
                    break;
                }
            }
        } catch (HttpViolation violation) {
            reject(violation);
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
            case REQUEST_LINE -> {
                int length = lines.next(cumulation, ByteClasses.REQUEST_LINE, maxRequestLineBytes,
                        HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line");
                if (length < 0) {
                    return false;
                }
                requestLine = RequestLine.parse(cumulation, cumulation.readerIndex(), length);
                lines.consume(cumulation, length);
                headers = HEADERS.newHeaders();
                head.start(headers, maxHeaderBytes, HeaderSectionParser.Section.REQUEST_HEAD);
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
                    endOfRequest(LastHttpContent.EMPTY_LAST_CONTENT);
                }
                return true;
            }
            case BODY_CHUNKED -> {
                HttpContent content = chunked.next(cumulation);
                if (content == null) {
                    return false;
                }
                if (content instanceof LastHttpContent last) {
                    endOfRequest(last);
                } else {
                    fire(content);
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void endOfHead() throws HttpViolation {
        RequestLine line = requestLine;
        requestLine = null;
        HttpVersion version = line.version();
        long contentLength = head.contentLength();
        boolean isChunked = head.chunked();
        if (isChunked && contentLength >= 0) {
            throw HttpViolation.badRequest("both Content-Length and Transfer-Encoding");
        }
        if (isChunked && version == HttpVersion.HTTP_1_0) {
            throw HttpViolation.badRequest("Transfer-Encoding in HTTP/1.0 request");
        }
        AsciiString host = head.host();
        if (host == null) {
            if (version == HttpVersion.HTTP_1_1) {
                throw HttpViolation.badRequest("missing Host");
            }
            if (line.authority() != null) {
                headers.add(HttpHeaderNames.HOST, line.authority());
            }
        } else {
            if (!HostSyntax.isValid(host)) {
                throw HttpViolation.badRequest("invalid Host");
            }
            if (line.authority() != null && !host.contentEqualsIgnoreCase(line.authority())) {
                throw HttpViolation.badRequest("Host does not match request-target");
            }
        }
        if (contentLength > maxBodyBytes) {
            throw new HttpViolation(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "Content-Length too large");
        }
        HttpHeaders requestHeaders = headers;
        headers = null;
        fire(new DefaultHttpRequest(version, line.method(), line.target(), requestHeaders));
        if (isChunked) {
            chunked.start(maxBodyBytes);
            state = State.BODY_CHUNKED;
        } else if (contentLength > 0) {
            bodyRemaining = contentLength;
            state = State.BODY_FIXED;
        } else {
            endOfRequest(LastHttpContent.EMPTY_LAST_CONTENT);
        }
    }

    private void endOfRequest(LastHttpContent last) {
        // Pause before firing: the handler may resume() from inside the fire.
        state = State.REQUEST_LINE;
        paused = true;
        fire(last);
    }

    private void fire(Object msg) {
        firedSinceReadComplete = true;
        ctx.fireChannelRead(msg);
    }

    private void reject(HttpViolation violation) {
        state = State.REJECTED;
        paused = false;
        requestLine = null;
        headers = null;
        releaseCumulation();
        fire(new RequestRejected(violation.status(), violation.reason()));
    }

    private void releaseCumulation() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }
}
