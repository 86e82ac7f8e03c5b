package io.portico.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.AsciiString;
import java.util.Arrays;

/**
 * Interns the header names seen on almost every request or response, matched case-insensitively, so
 * that parsing them allocates nothing and framing headers can be recognised by identity. Known names
 * are returned in their lower-case form; unknown names keep the case they arrived in.
 */
final class HeaderNames {
    private static final AsciiString[] KNOWN = {
        HttpHeaderNames.HOST, HttpHeaderNames.CONNECTION, HttpHeaderNames.CONTENT_LENGTH,
        HttpHeaderNames.CONTENT_TYPE, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.USER_AGENT,
        HttpHeaderNames.ACCEPT, HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderNames.ACCEPT_LANGUAGE,
        HttpHeaderNames.ACCEPT_CHARSET, HttpHeaderNames.AUTHORIZATION, HttpHeaderNames.CACHE_CONTROL,
        HttpHeaderNames.COOKIE, HttpHeaderNames.SET_COOKIE, HttpHeaderNames.DATE, HttpHeaderNames.EXPECT,
        HttpHeaderNames.IF_MODIFIED_SINCE, HttpHeaderNames.IF_NONE_MATCH, HttpHeaderNames.KEEP_ALIVE,
        HttpHeaderNames.ORIGIN, HttpHeaderNames.PRAGMA, HttpHeaderNames.REFERER, HttpHeaderNames.TE,
        HttpHeaderNames.TRAILER, HttpHeaderNames.UPGRADE, HttpHeaderNames.VIA, HttpHeaderNames.SERVER,
        HttpHeaderNames.LOCATION, HttpHeaderNames.ETAG, HttpHeaderNames.LAST_MODIFIED, HttpHeaderNames.VARY,
        HttpHeaderNames.CONTENT_ENCODING, HttpHeaderNames.RANGE, HttpHeaderNames.PROXY_AUTHORIZATION,
        HttpHeaderNames.SEC_WEBSOCKET_KEY, HttpHeaderNames.SEC_WEBSOCKET_VERSION,
        AsciiString.cached("x-forwarded-for"), AsciiString.cached("x-forwarded-proto"),
        AsciiString.cached("x-forwarded-host"), AsciiString.cached("x-request-id"),
    };

    /** Names bucketed by length, the cheapest discriminator. */
    private static final AsciiString[][] BY_LENGTH = byLength();

    static final int MAX_KNOWN_LENGTH = BY_LENGTH.length - 1;

    private HeaderNames() {}

    /**
     * Returns the interned name equal (ignoring case) to {@code bytes[0, length)}, or a new
     * AsciiString holding a copy of them.
     */
    static AsciiString of(byte[] bytes, int length) {
        if (length <= MAX_KNOWN_LENGTH) {
            AsciiString[] candidates = BY_LENGTH[length];
            if (candidates != null) {
                for (AsciiString candidate : candidates) {
                    if (equalsLowerCase(bytes, length, candidate)) {
                        return candidate;
                    }
                }
            }
        }
        return new AsciiString(bytes, 0, length, true);
    }

    private static boolean equalsLowerCase(byte[] bytes, int length, AsciiString lowerCase) {
        for (int i = 0; i < length; i++) {
            int b = bytes[i];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lowerCase.byteAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static AsciiString[][] byLength() {
        int max = 0;
        for (AsciiString name : KNOWN) {
            max = Math.max(max, name.length());
        }
        AsciiString[][] table = new AsciiString[max + 1][];
        for (AsciiString name : KNOWN) {
            AsciiString[] bucket = table[name.length()];
            bucket = bucket == null ? new AsciiString[1] : Arrays.copyOf(bucket, bucket.length + 1);
            bucket[bucket.length - 1] = name;
            table[name.length()] = bucket;
        }
        return table;
    }
}
