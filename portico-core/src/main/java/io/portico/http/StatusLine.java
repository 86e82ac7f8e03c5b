package io.portico.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * A parsed status line (RFC 9112 §4): {@code HTTP-version SP 3DIGIT SP reason-phrase}. The
 * {@code SP reason-phrase} part may be missing altogether, as some servers send it.
 */
record StatusLine(HttpVersion version, HttpResponseStatus status) {
    private static final long HTTP_1_1 = RequestLine.ascii8("HTTP/1.1");
    private static final long HTTP_1_0 = RequestLine.ascii8("HTTP/1.0");
    private static final int MIN_LENGTH = 12;

    /** Parses {@code buf[start, start + length)}, already checked to hold only field-line bytes. */
    static StatusLine parse(ByteBuf buf, int start, int length) throws HttpViolation {
        if (length < MIN_LENGTH) {
            throw HttpViolation.badRequest("malformed status line");
        }
        long v = buf.getLong(start);
        HttpVersion version;
        if (v == HTTP_1_1) {
            version = HttpVersion.HTTP_1_1;
        } else if (v == HTTP_1_0) {
            version = HttpVersion.HTTP_1_0;
        } else {
            throw HttpViolation.badRequest("unsupported HTTP version in status line");
        }
        int d1 = buf.getByte(start + 9) - '0';
        int d2 = buf.getByte(start + 10) - '0';
        int d3 = buf.getByte(start + 11) - '0';
        if (buf.getByte(start + 8) != ByteClasses.SP || d1 < 1 || d1 > 5 || d2 < 0 || d2 > 9 || d3 < 0 || d3 > 9) {
            throw HttpViolation.badRequest("malformed status line");
        }
        int code = d1 * 100 + d2 * 10 + d3;
        HttpResponseStatus status = HttpResponseStatus.valueOf(code);
        if (length > MIN_LENGTH) {
            if (buf.getByte(start + MIN_LENGTH) != ByteClasses.SP) {
                throw HttpViolation.badRequest("malformed status line");
            }
            int reasonStart = start + MIN_LENGTH + 1;
            int reasonLength = length - MIN_LENGTH - 1;
            // Keep the canned status unless upstream sent its own reason phrase.
            if (!sameReason(buf, reasonStart, reasonLength, status.reasonPhrase())) {
                status = new HttpResponseStatus(
                        code, buf.toString(reasonStart, reasonLength, StandardCharsets.ISO_8859_1));
            }
        }
        return new StatusLine(version, status);
    }

    private static boolean sameReason(ByteBuf buf, int start, int length, String reason) {
        if (length != reason.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (buf.getByte(start + i) != reason.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
