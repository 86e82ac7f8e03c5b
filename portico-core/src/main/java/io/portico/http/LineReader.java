package io.portico.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ByteProcessor;

/**
 * Finds CRLF-terminated lines at the reader index of a cumulation buffer. Remembers how far it has
 * already scanned, so input arriving a byte at a time is still scanned once (no quadratic rescans).
 * Every byte of the line is checked against a byte class on the way: a bare CR, a bare LF or any byte
 * outside the class is a violation.
 */
final class LineReader {
    /** Bytes after the reader index known to be inside the class and free of CR and LF. */
    private int scanned;

    /**
     * Returns the length (without CRLF) of the complete line at {@code buf.readerIndex()}, or -1 when
     * the line is not complete yet. Does not move the reader index; call {@link #consume} afterwards.
     *
     * @param maxLength longest acceptable line; a longer one fails with {@code tooLong} at once
     * @param context what the line is, for violation reasons ("request line", "header")
     */
    int next(ByteBuf buf, ByteProcessor allowed, int maxLength, HttpResponseStatus tooLong, String context)
            throws HttpViolation {
        int start = buf.readerIndex();
        int readable = buf.readableBytes();
        // The CR may sit at index maxLength at the latest.
        int limit = (int) Math.min(readable, (long) maxLength + 1);
        if (scanned < limit) {
            int stop = buf.forEachByte(start + scanned, limit - scanned, allowed);
            if (stop < 0) {
                scanned = limit;
            } else {
                scanned = stop - start;
                byte b = buf.getByte(stop);
                if (b == ByteClasses.CR) {
                    if (scanned + 1 >= readable) {
                        return -1;
                    }
                    if (buf.getByte(stop + 1) == ByteClasses.LF) {
                        return scanned;
                    }
                    throw HttpViolation.badRequest("bare CR in " + context);
                }
                throw HttpViolation.badRequest(describe(b) + " in " + context);
            }
        }
        if (scanned > maxLength) {
            throw new HttpViolation(tooLong, context + " too long");
        }
        return -1;
    }

    /** Skips the line returned by {@link #next} and its CRLF. */
    void consume(ByteBuf buf, int lineLength) {
        buf.skipBytes(lineLength + 2);
        scanned = 0;
    }

    void reset() {
        scanned = 0;
    }

    private static String describe(byte b) {
        if (b == ByteClasses.LF) {
            return "bare LF";
        }
        if (b == 0) {
            return "NUL";
        }
        if (b < 0) {
            return "non-ASCII byte";
        }
        if (b == ByteClasses.SP || b == ByteClasses.HTAB) {
            return "whitespace";
        }
        return "control character";
    }
}
