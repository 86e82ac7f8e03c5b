package io.portico.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import io.netty.util.ByteProcessor;

/**
 * Parses a header or trailer section (field lines up to the empty line) into {@link HttpHeaders},
 * line by line as input arrives. In a message head it also records Content-Length and
 * Transfer-Encoding (and Host in a request), rejecting repeats and malformed values as it meets
 * them. One instance per decoder, reused for every message via {@link #start}.
 */
final class HeaderSectionParser {
    /** Which section is parsed, which decides the fields that are tracked. */
    enum Section { REQUEST_HEAD, RESPONSE_HEAD, TRAILERS }

    static final int MAX_FIELDS = 100;
    /** Names longer than this are allocated directly instead of going through the scratch buffer. */
    private static final int SCRATCH_LENGTH = 64;

    private final LineReader lines = new LineReader();
    private final byte[] scratch = new byte[SCRATCH_LENGTH];
    private HttpHeaders headers;
    private int maxBytes;
    private int usedBytes;
    private int fields;
    private Section section;
    private long contentLength;
    private boolean transferEncoding;
    private AsciiString host;

    /**
     * Starts a new section that adds to {@code headers}.
     *
     * @param maxBytes limit on the section's size, counting each field line with its CRLF
     */
    void start(HttpHeaders headers, int maxBytes, Section section) {
        this.headers = headers;
        this.maxBytes = maxBytes;
        this.section = section;
        usedBytes = 0;
        fields = 0;
        contentLength = -1;
        transferEncoding = false;
        host = null;
        lines.reset();
    }

    /**
     * Consumes complete field lines from {@code buf}. Returns true once the empty line ending the
     * section has been consumed, false when more input is needed.
     */
    boolean parse(ByteBuf buf) throws HttpViolation {
        for (;;) {
            int length = lines.next(
                    buf,
                    ByteClasses.FIELD_LINE,
                    Math.max(0, maxBytes - usedBytes),
                    HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "header section");
            if (length < 0) {
                return false;
            }
            if (length == 0) {
                lines.consume(buf, 0);
                return true;
            }
            usedBytes += length + 2;
            if (usedBytes > maxBytes) {
                throw new HttpViolation(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "header section too long");
            }
            if (++fields > MAX_FIELDS) {
                throw new HttpViolation(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "too many header fields");
            }
            field(buf, buf.readerIndex(), length);
            lines.consume(buf, length);
        }
    }

    /** Content-Length of the section, or -1 when absent. */
    long contentLength() {
        return contentLength;
    }

    /** Whether the section had a Transfer-Encoding field; its only accepted value is "chunked". */
    boolean chunked() {
        return transferEncoding;
    }

    /** The Host field value, or null when absent. */
    AsciiString host() {
        return host;
    }

    private void field(ByteBuf buf, int start, int length) throws HttpViolation {
        int end = start + length;
        byte first = buf.getByte(start);
        if (first == ByteClasses.SP || first == ByteClasses.HTAB) {
            throw HttpViolation.badRequest("obs-fold or leading whitespace in header line");
        }
        int colon = buf.indexOf(start, end, (byte) ':');
        if (colon < 0) {
            throw HttpViolation.badRequest("header line without colon");
        }
        if (colon == start) {
            throw HttpViolation.badRequest("empty header name");
        }
        if (buf.forEachByte(start, colon - start, ByteClasses.TOKEN) >= 0) {
            byte last = buf.getByte(colon - 1);
            throw HttpViolation.badRequest(last == ByteClasses.SP || last == ByteClasses.HTAB
                    ? "whitespace between header name and colon"
                    : "invalid header name");
        }
        AsciiString name = name(buf, start, colon - start);
        AsciiString value = value(buf, colon + 1, end);
        if (section != Section.TRAILERS) {
            framing(name, value);
        }
        headers.add(name, value);
    }

    private AsciiString name(ByteBuf buf, int start, int length) {
        if (length > SCRATCH_LENGTH) {
            byte[] bytes = new byte[length];
            buf.getBytes(start, bytes);
            return new AsciiString(bytes, false);
        }
        buf.getBytes(start, scratch, 0, length);
        return HeaderNames.of(scratch, length);
    }

    /** The value without leading and trailing optional whitespace. */
    private static AsciiString value(ByteBuf buf, int from, int to) {
        if (from == to) {
            return AsciiString.EMPTY_STRING;
        }
        int first = buf.forEachByte(from, to - from, ByteProcessor.FIND_NON_LINEAR_WHITESPACE);
        if (first < 0) {
            return AsciiString.EMPTY_STRING;
        }
        int last = buf.forEachByteDesc(first, to - first, ByteProcessor.FIND_NON_LINEAR_WHITESPACE);
        byte[] bytes = new byte[last + 1 - first];
        buf.getBytes(first, bytes);
        return new AsciiString(bytes, false);
    }

    private void framing(AsciiString name, AsciiString value) throws HttpViolation {
        if (name == HttpHeaderNames.CONTENT_LENGTH) {
            if (contentLength >= 0) {
                throw HttpViolation.badRequest("repeated Content-Length");
            }
            contentLength = parseContentLength(value);
        } else if (name == HttpHeaderNames.TRANSFER_ENCODING) {
            if (transferEncoding) {
                throw HttpViolation.badRequest("repeated Transfer-Encoding");
            }
            if (!HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(value)) {
                throw HttpViolation.badRequest("Transfer-Encoding other than chunked");
            }
            transferEncoding = true;
        } else if (name == HttpHeaderNames.HOST && section == Section.REQUEST_HEAD) {
            if (host != null) {
                throw HttpViolation.badRequest("repeated Host");
            }
            host = value;
        }
    }

    static long parseContentLength(AsciiString value) throws HttpViolation {
        int length = value.length();
        if (length == 0) {
            throw HttpViolation.badRequest("empty Content-Length");
        }
        long result = 0;
        for (int i = 0; i < length; i++) {
            int b = value.byteAt(i);
            if (b == ',') {
                throw HttpViolation.badRequest("Content-Length list");
            }
            if (b < '0' || b > '9') {
                throw HttpViolation.badRequest("malformed Content-Length");
            }
            if (result > (Long.MAX_VALUE - (b - '0')) / 10) {
                throw HttpViolation.badRequest("Content-Length overflow");
            }
            result = result * 10 + (b - '0');
        }
        return result;
    }
}
