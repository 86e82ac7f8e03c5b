package io.portico.plugins.opentelemetry;

/**
 * The W3C Trace Context {@code traceparent} header (https://www.w3.org/TR/trace-context/):
 * {@code version-traceid-parentid-flags}, every field lower-case hex. Parsing follows the
 * specification exactly: version {@code ff}, all-zero ids, upper-case hex, wrong lengths or separators
 * make the header invalid, and an invalid header is ignored as if it were absent. Versions above
 * {@code 00} are read as far as version 00 goes, provided what follows starts with {@code -}.
 *
 * @param traceIdHigh the first 8 bytes of the trace id
 * @param traceIdLow  the last 8 bytes of the trace id
 * @param parentId    the caller's span id
 * @param sampled     the {@code sampled} flag: the caller may have recorded this trace
 */
record TraceParent(long traceIdHigh, long traceIdLow, long parentId, boolean sampled) {

    static final String HEADER = "traceparent";
    static final String STATE_HEADER = "tracestate";

    /** {@code 00-} + 32 + {@code -} + 16 + {@code -} + 2. */
    private static final int LENGTH = 55;
    private static final int SAMPLED = 0x01;

    /** The header as Portico sends it: version 00, only the sampled flag defined there. */
    String format() {
        return format(traceIdHigh, traceIdLow, parentId, sampled);
    }

    static String format(long traceIdHigh, long traceIdLow, long parentId, boolean sampled) {
        StringBuilder out = new StringBuilder(LENGTH).append("00-");
        TraceIds.appendHex(TraceIds.appendHex(out, traceIdHigh), traceIdLow).append('-');
        return TraceIds.appendHex(out, parentId).append(sampled ? "-01" : "-00").toString();
    }

    /** The header's value read, or null when it is invalid (the caller then starts a new trace). */
    static TraceParent parse(String header) {
        if (header == null) {
            return null;
        }
        String value = trimWhitespace(header);
        if (value.length() < LENGTH) {
            return null;
        }
        int version = hexByte(value, 0);
        if (version < 0 || version == 0xff || value.charAt(2) != '-' || value.charAt(35) != '-'
                || value.charAt(52) != '-') {
            return null;
        }
        // Version 00 is exactly 55 characters; a later version may append fields after a dash.
        if (value.length() > LENGTH && (version == 0 || value.charAt(LENGTH) != '-')) {
            return null;
        }
        int flags = hexByte(value, 53);
        if (!isHex(value, 3, 32) || !isHex(value, 36, 16) || flags < 0) {
            return null;
        }
        long high = Long.parseUnsignedLong(value, 3, 19, 16);
        long low = Long.parseUnsignedLong(value, 19, 35, 16);
        long parentId = Long.parseUnsignedLong(value, 36, 52, 16);
        if ((high == 0 && low == 0) || parentId == 0) {
            return null;
        }
        return new TraceParent(high, low, parentId, (flags & SAMPLED) != 0);
    }

    /** HTTP field values carry no leading or trailing spaces or tabs (RFC 9110 §5.5). */
    private static String trimWhitespace(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && isWhitespace(value.charAt(start))) {
            start++;
        }
        while (end > start && isWhitespace(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(start, end);
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    /** Two lower-case hex digits at {@code at}, or -1. */
    private static int hexByte(String text, int at) {
        int high = digit(text.charAt(at));
        int low = digit(text.charAt(at + 1));
        return high < 0 || low < 0 ? -1 : high << 4 | low;
    }

    private static boolean isHex(String text, int at, int count) {
        for (int i = at; i < at + count; i++) {
            if (digit(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Lower-case hex only: the specification forbids upper case. */
    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }
}
