package io.portico.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * A parsed request line (RFC 9112 §3): exactly {@code method SP request-target SP HTTP-version}.
 *
 * @param target the request-target in origin-form ({@code /path?query}) or {@code *}; an absolute-form
 *     target has already been rewritten to origin-form
 * @param authority the authority of an absolute-form target, or null
 */
record RequestLine(HttpMethod method, String target, HttpVersion version, String authority) {
    private static final long HTTP_1_1 = ascii8("HTTP/1.1");
    private static final long HTTP_1_0 = ascii8("HTTP/1.0");
    /** "HTTP/x.y" with the two digits masked out by {@link #DIGITS_MASK}. */
    private static final long HTTP_PREFIX = ascii8("HTTP/\0.\0");
    private static final long DIGITS_MASK = 0xffff_ffff_ff00_ff00L;

    /**
     * Parses the line {@code buf[start, start + length)}; the caller has already checked that it
     * holds only SP and VCHAR bytes.
     */
    static RequestLine parse(ByteBuf buf, int start, int length) throws HttpViolation {
        if (length == 0) {
            throw HttpViolation.badRequest("empty line before request line");
        }
        int end = start + length;
        int sp1 = buf.indexOf(start, end, ByteClasses.SP);
        if (sp1 == start) {
            throw HttpViolation.badRequest("whitespace before request line");
        }
        int sp2 = sp1 < 0 ? -1 : buf.indexOf(sp1 + 1, end, ByteClasses.SP);
        if (sp2 < 0 || sp2 == sp1 + 1 || buf.indexOf(sp2 + 1, end, ByteClasses.SP) >= 0) {
            throw HttpViolation.badRequest("malformed request line");
        }
        if (buf.forEachByte(start, sp1 - start, ByteClasses.TOKEN) >= 0) {
            throw HttpViolation.badRequest("invalid method");
        }
        HttpVersion version = version(buf, sp2 + 1, end - sp2 - 1);
        HttpMethod method = method(buf, start, sp1 - start);
        if (method == HttpMethod.CONNECT) {
            throw new HttpViolation(HttpResponseStatus.NOT_IMPLEMENTED, "CONNECT not supported");
        }
        int targetStart = sp1 + 1;
        if (buf.indexOf(targetStart, sp2, (byte) '#') >= 0) {
            throw HttpViolation.badRequest("fragment in request-target");
        }
        String target = buf.toString(targetStart, sp2 - targetStart, StandardCharsets.US_ASCII);
        char first = target.charAt(0);
        if (first == '/') {
            return new RequestLine(method, target, version, null);
        }
        if (first == '*' && target.length() == 1) {
            if (method != HttpMethod.OPTIONS) {
                throw HttpViolation.badRequest("asterisk-form request-target without OPTIONS");
            }
            return new RequestLine(method, target, version, null);
        }
        return absoluteForm(method, target, version);
    }

    /** Rewrites {@code http://authority/path?query} to origin-form, remembering the authority. */
    private static RequestLine absoluteForm(HttpMethod method, String target, HttpVersion version)
            throws HttpViolation {
        int authorityStart;
        if (target.regionMatches(true, 0, "http://", 0, 7)) {
            authorityStart = 7;
        } else if (target.regionMatches(true, 0, "https://", 0, 8)) {
            authorityStart = 8;
        } else {
            throw HttpViolation.badRequest("request-target not in origin or absolute form");
        }
        int authorityEnd = authorityStart;
        while (authorityEnd < target.length()) {
            char c = target.charAt(authorityEnd);
            if (c == '/' || c == '?') {
                break;
            }
            authorityEnd++;
        }
        String authority = target.substring(authorityStart, authorityEnd);
        if (authority.indexOf('@') >= 0) {
            throw HttpViolation.badRequest("userinfo in request-target");
        }
        if (!HostSyntax.isValid(authority)) {
            throw HttpViolation.badRequest("invalid authority in request-target");
        }
        String rest = target.substring(authorityEnd);
        String origin = rest.isEmpty() || rest.charAt(0) == '?' ? "/" + rest : rest;
        return new RequestLine(method, origin, version, authority);
    }

    private static HttpVersion version(ByteBuf buf, int start, int length) throws HttpViolation {
        // "HTTP/" DIGIT "." DIGIT, read as one long to avoid per-byte calls.
        if (length != 8) {
            throw HttpViolation.badRequest("malformed HTTP version");
        }
        long v = buf.getLong(start);
        if (v == HTTP_1_1) {
            return HttpVersion.HTTP_1_1;
        }
        if (v == HTTP_1_0) {
            return HttpVersion.HTTP_1_0;
        }
        if ((v & DIGITS_MASK) == HTTP_PREFIX && isDigit((int) (v >>> 16) & 0xff) && isDigit((int) v & 0xff)) {
            throw new HttpViolation(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "HTTP version not supported");
        }
        throw HttpViolation.badRequest("malformed HTTP version");
    }

    /** The 8 ASCII characters of {@code s} as a big-endian long, as ByteBuf.getLong reads them. */
    static long ascii8(String s) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (s.charAt(i) & 0xff);
        }
        return v;
    }

    private static boolean isDigit(int b) {
        return b >= '0' && b <= '9';
    }

    /** The method constant for the common methods without allocating; HttpMethod.valueOf otherwise. */
    private static HttpMethod method(ByteBuf buf, int start, int length) {
        if (length == 3) {
            int m = buf.getMedium(start);
            if (m == ('G' << 16 | 'E' << 8 | 'T')) {
                return HttpMethod.GET;
            }
            if (m == ('P' << 16 | 'U' << 8 | 'T')) {
                return HttpMethod.PUT;
            }
        } else if (length == 4) {
            int m = buf.getInt(start);
            if (m == ('P' << 24 | 'O' << 16 | 'S' << 8 | 'T')) {
                return HttpMethod.POST;
            }
            if (m == ('H' << 24 | 'E' << 16 | 'A' << 8 | 'D')) {
                return HttpMethod.HEAD;
            }
        }
        return HttpMethod.valueOf(buf.toString(start, length, StandardCharsets.US_ASCII));
    }
}
