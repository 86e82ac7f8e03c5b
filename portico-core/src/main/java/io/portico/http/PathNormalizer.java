package io.portico.http;

/**
 * Normalizes the path of an origin-form request-target so that routing, access rules and the
 * upstream all see the same path (RFC 3986 §6.2.2 plus the usual gateway hardening):
 *
 * <ul>
 *   <li>percent-encoded unreserved characters (ALPHA DIGIT - . _ ~) are decoded; every other escape
 *       stays encoded, with upper-case hex; double encoding ({@code %252e}) is decoded only once;
 *   <li>dot segments are removed (RFC 3986 §5.2.4), after decoding, so {@code %2e%2e} is {@code ..};
 *       a path that would climb above the root is rejected; duplicate slashes are merged;
 *   <li>rejected: {@code %2F}, {@code %5C}, backslash, {@code ;}, NUL and other control characters
 *       (raw or encoded), characters outside RFC 3986 pchar, malformed escapes, and escapes that
 *       do not form valid UTF-8.
 * </ul>
 *
 * <p>One pass over the path, no regex. When nothing changes the path is the input String itself (or
 * its prefix before {@code ?}); the output buffer is allocated only at the first change.
 */
public final class PathNormalizer {
    private static final NormalizedTarget ASTERISK = new NormalizedTarget("*", null);
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Characters allowed literally in a path: pchar and "/" minus ";" (RFC 3986 §3.3). */
    private static final boolean[] PATH = new boolean[128];
    /** Characters whose percent-encoding is decoded (RFC 3986 §2.3). */
    private static final boolean[] UNRESERVED = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            UNRESERVED[c] = true;
            UNRESERVED[c - 32] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            UNRESERVED[c] = true;
        }
        for (char c : "-._~".toCharArray()) {
            UNRESERVED[c] = true;
        }
        System.arraycopy(UNRESERVED, 0, PATH, 0, 128);
        for (char c : "!$&'()*+,=:@/".toCharArray()) {
            PATH[c] = true;
        }
    }

    private PathNormalizer() {}

    /**
     * Normalizes {@code requestTarget}, an origin-form target ({@code /path?query}) or {@code *}.
     *
     * @throws InvalidPathException when the path is malformed or unsafe
     */
    public static NormalizedTarget normalize(String requestTarget) throws InvalidPathException {
        if (requestTarget.length() == 1 && requestTarget.charAt(0) == '*') {
            return ASTERISK;
        }
        int queryStart = requestTarget.indexOf('?');
        int pathEnd = queryStart < 0 ? requestTarget.length() : queryStart;
        if (pathEnd == 0 || requestTarget.charAt(0) != '/') {
            throw new InvalidPathException("path must start with /");
        }
        String path = normalizePath(requestTarget, pathEnd);
        return new NormalizedTarget(path, queryStart < 0 ? null : requestTarget.substring(queryStart + 1));
    }

    private static String normalizePath(String s, int end) throws InvalidPathException {
        char[] out = null; // null while the output is identical to s[0, len)
        int len = 0;
        int segmentStart = 0; // where the current segment starts in the output
        int utf8Pending = 0; // continuation bytes still owed by a multi-byte UTF-8 sequence
        int utf8Min = 0x80;
        int utf8Max = 0xbf;
        int i = 0;
        while (i <= end) {
            char c = i < end ? s.charAt(i) : '/';
            if (c == '/') {
                if (utf8Pending != 0) {
                    throw new InvalidPathException("invalid UTF-8 in percent-encoding");
                }
                // End of a segment: drop "." and ".." (with its parent); dropping leaves a trailing '/'.
                int segmentLength = len - segmentStart;
                if (segmentLength == 1 && at(out, s, segmentStart) == '.') {
                    out = materialize(out, s, len, end);
                    len = segmentStart;
                } else if (segmentLength == 2
                        && at(out, s, segmentStart) == '.' && at(out, s, segmentStart + 1) == '.') {
                    if (segmentStart <= 1) {
                        throw new InvalidPathException("path climbs above the root");
                    }
                    int parent = segmentStart - 2;
                    while (at(out, s, parent) != '/') {
                        parent--;
                    }
                    out = materialize(out, s, len, end);
                    len = parent + 1;
                }
                if (i == end) {
                    break;
                }
                if (len > 0 && at(out, s, len - 1) == '/') {
                    out = materialize(out, s, len, end); // duplicate slash, or slash after a dropped segment
                } else if (out != null) {
                    out[len++] = '/';
                } else {
                    len++;
                }
                segmentStart = len;
                i++;
            } else if (c == '%') {
                if (i + 2 >= end) {
                    throw new InvalidPathException("malformed percent-encoding");
                }
                char h1 = s.charAt(i + 1);
                char h2 = s.charAt(i + 2);
                int hi = hexValue(h1);
                int lo = hexValue(h2);
                if (hi < 0 || lo < 0) {
                    throw new InvalidPathException("malformed percent-encoding");
                }
                int b = hi << 4 | lo;
                if (utf8Pending > 0) {
                    if (b < utf8Min || b > utf8Max) {
                        throw new InvalidPathException("invalid UTF-8 in percent-encoding");
                    }
                    utf8Pending--;
                    utf8Min = 0x80;
                    utf8Max = 0xbf;
                } else if (b >= 0x80) {
                    // Lead byte: how many continuation bytes, and the range of the first one, which
                    // excludes overlong forms, surrogates and code points above U+10FFFF.
                    if (b >= 0xc2 && b <= 0xdf) {
                        utf8Pending = 1;
                    } else if (b >= 0xe0 && b <= 0xef) {
                        utf8Pending = 2;
                        utf8Min = b == 0xe0 ? 0xa0 : 0x80;
                        utf8Max = b == 0xed ? 0x9f : 0xbf;
                    } else if (b >= 0xf0 && b <= 0xf4) {
                        utf8Pending = 3;
                        utf8Min = b == 0xf0 ? 0x90 : 0x80;
                        utf8Max = b == 0xf4 ? 0x8f : 0xbf;
                    } else {
                        throw new InvalidPathException("invalid UTF-8 in percent-encoding");
                    }
                } else if (UNRESERVED[b]) {
                    out = materialize(out, s, len, end);
                    out[len++] = (char) b;
                    i += 3;
                    continue;
                } else if (b == '/' || b == '\\') {
                    throw new InvalidPathException(b == '/' ? "encoded slash in path" : "encoded backslash in path");
                } else if (b < 0x20 || b == 0x7f) {
                    throw new InvalidPathException(
                            b == 0 ? "encoded NUL in path" : "encoded control character in path");
                }
                // Keep encoded, normalizing the hex digits to upper case.
                if (out == null && isUpperHex(h1) && isUpperHex(h2)) {
                    len += 3;
                } else {
                    out = materialize(out, s, len, end);
                    out[len++] = '%';
                    out[len++] = HEX[hi];
                    out[len++] = HEX[lo];
                }
                i += 3;
            } else {
                if (utf8Pending != 0) {
                    throw new InvalidPathException("invalid UTF-8 in percent-encoding");
                }
                if (c >= 128 || !PATH[c]) {
                    throw new InvalidPathException(reason(c));
                }
                if (out != null) {
                    out[len] = c;
                }
                len++;
                i++;
            }
        }
        if (out == null) {
            return end == s.length() ? s : s.substring(0, end);
        }
        return new String(out, 0, len);
    }

    private static String reason(char c) {
        if (c == '\\') {
            return "backslash in path";
        }
        if (c == ';') {
            return "semicolon in path";
        }
        if (c == 0) {
            return "NUL in path";
        }
        if (c < 0x20 || c == 0x7f) {
            return "control character in path";
        }
        if (c >= 128) {
            return "non-ASCII character in path";
        }
        return "invalid character in path";
    }

    /** The output character at {@code index}: from the input while nothing has changed yet. */
    private static char at(char[] out, String s, int index) {
        return out != null ? out[index] : s.charAt(index);
    }

    /** The output buffer, created at the first change with the unchanged prefix s[0, len). */
    private static char[] materialize(char[] out, String s, int len, int capacity) {
        if (out != null) {
            return out;
        }
        // The output never outgrows the input: decoding, merging and dot removal only shrink it.
        char[] created = new char[capacity];
        s.getChars(0, len, created, 0);
        return created;
    }

    private static boolean isUpperHex(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'F';
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
