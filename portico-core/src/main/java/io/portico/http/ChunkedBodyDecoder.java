package io.portico.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * State machine for a chunked body (RFC 9112 §7.1), shared by the request and response decoders.
 * Chunk data is handed out as retained slices of the input as it arrives; chunk extensions are
 * accepted only as {@code ;name} or {@code ;name=value} tokens and dropped.
 */
final class ChunkedBodyDecoder {
    /** Size line limit: 16 hex digits plus room for a few extensions. */
    static final int MAX_SIZE_LINE = 1024;
    private static final int MAX_SIZE_DIGITS = 16;
    private static final HttpHeadersFactory TRAILER_HEADERS =
            DefaultHttpHeadersFactory.trailersFactory().withValidation(false);

    private enum State { SIZE, DATA, DATA_CRLF, TRAILERS, DONE }

    private final LineReader lines = new LineReader();
    private final HeaderSectionParser trailerParser = new HeaderSectionParser();
    private final int maxTrailerBytes;
    private State state = State.DONE;
    private long maxBodyBytes;
    private long bodyBytes;
    private long chunkRemaining;
    private HttpHeaders trailers;

    ChunkedBodyDecoder(int maxTrailerBytes) {
        this.maxTrailerBytes = maxTrailerBytes;
    }

    /** Starts a new body whose data may total at most {@code maxBodyBytes}. */
    void start(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
        bodyBytes = 0;
        chunkRemaining = 0;
        trailers = null;
        lines.reset();
        state = State.SIZE;
    }

    /**
     * Decodes the next piece of the body from {@code buf}: a chunk of data (a retained slice the
     * caller owns), the final {@link LastHttpContent} (with trailers, if any), or null when
     * {@code buf} holds nothing more to decode.
     */
    HttpContent next(ByteBuf buf) throws HttpViolation {
        for (;;) {
            switch (state) {
                case SIZE -> {
                    int length = lines.next(
                            buf, ByteClasses.CHUNK_LINE, MAX_SIZE_LINE, HttpResponseStatus.BAD_REQUEST,
                            "chunk size line");
                    if (length < 0) {
                        return null;
                    }
                    long size = chunkSize(buf, buf.readerIndex(), length);
                    lines.consume(buf, length);
                    if (size == 0) {
                        state = State.TRAILERS;
                    } else {
                        if (size > maxBodyBytes - bodyBytes) {
                            throw new HttpViolation(
                                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "chunked body too large");
                        }
                        bodyBytes += size;
                        chunkRemaining = size;
                        state = State.DATA;
                    }
                }
                case DATA -> {
                    int n = (int) Math.min(buf.readableBytes(), chunkRemaining);
                    if (n == 0) {
                        return null;
                    }
                    chunkRemaining -= n;
                    if (chunkRemaining == 0) {
                        state = State.DATA_CRLF;
                    }
                    return new DefaultHttpContent(buf.readRetainedSlice(n));
                }
                case DATA_CRLF -> {
                    int readable = buf.readableBytes();
                    int at = buf.readerIndex();
                    if (readable == 0) {
                        return null;
                    }
                    if (buf.getByte(at) != ByteClasses.CR || readable > 1 && buf.getByte(at + 1) != ByteClasses.LF) {
                        throw HttpViolation.badRequest("missing CRLF after chunk data");
                    }
                    if (readable == 1) {
                        return null;
                    }
                    buf.skipBytes(2);
                    state = State.SIZE;
                }
                case TRAILERS -> {
                    return trailers(buf);
                }
                default -> {
                    return null;
                }
            }
        }
    }

    private LastHttpContent trailers(ByteBuf buf) throws HttpViolation {
        if (trailers == null) {
            // Common case: no trailer fields, just the final CRLF; avoids allocating trailer headers.
            int readable = buf.readableBytes();
            int at = buf.readerIndex();
            if (readable >= 1 && buf.getByte(at) == ByteClasses.CR) {
                if (readable == 1) {
                    return null;
                }
                if (buf.getByte(at + 1) == ByteClasses.LF) {
                    buf.skipBytes(2);
                    state = State.DONE;
                    return LastHttpContent.EMPTY_LAST_CONTENT;
                }
            }
            if (readable == 0) {
                return null;
            }
            trailers = TRAILER_HEADERS.newHeaders();
            trailerParser.start(trailers, maxTrailerBytes, HeaderSectionParser.Section.TRAILERS);
        }
        if (!trailerParser.parse(buf)) {
            return null;
        }
        state = State.DONE;
        LastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, trailers);
        trailers = null;
        return last;
    }

    private static long chunkSize(ByteBuf buf, int start, int length) throws HttpViolation {
        int end = start + length;
        long size = 0;
        int i = start;
        for (; i < end; i++) {
            int digit = hexValue(buf.getByte(i));
            if (digit < 0) {
                break;
            }
            if (i - start == MAX_SIZE_DIGITS) {
                throw HttpViolation.badRequest("chunk size too long");
            }
            size = size << 4 | digit;
        }
        if (i == start) {
            throw HttpViolation.badRequest("invalid chunk size");
        }
        if (size < 0) {
            throw HttpViolation.badRequest("chunk size overflow");
        }
        extensions(buf, i, end);
        return size;
    }

    /** Accepts {@code *( ";" token [ "=" token ] )} exactly, without whitespace or quoted strings. */
    private static void extensions(ByteBuf buf, int from, int end) throws HttpViolation {
        int i = from;
        while (i < end) {
            if (buf.getByte(i) != ';') {
                throw HttpViolation.badRequest(i == from ? "invalid chunk size" : "invalid chunk extension");
            }
            i = token(buf, i + 1, end);
            if (i < end && buf.getByte(i) == '=') {
                i = token(buf, i + 1, end);
            }
        }
    }

    private static int token(ByteBuf buf, int from, int end) throws HttpViolation {
        int stop = from >= end ? -1 : buf.forEachByte(from, end - from, ByteClasses.TOKEN);
        int tokenEnd = stop < 0 ? end : stop;
        if (tokenEnd == from) {
            throw HttpViolation.badRequest("invalid chunk extension");
        }
        return tokenEnd;
    }

    private static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
