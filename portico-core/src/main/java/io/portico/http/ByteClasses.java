package io.portico.http;

import io.netty.util.ByteProcessor;

/**
 * Byte classes of the HTTP/1.1 grammar (RFC 9110 §5.6.2, RFC 9112), as {@link ByteProcessor}s that
 * continue while the byte belongs to the class, so that {@code ByteBuf.forEachByte} returns the index
 * of the first byte outside it. Stateless, hence shared by all channels.
 */
final class ByteClasses {
    static final byte CR = '\r';
    static final byte LF = '\n';
    static final byte SP = ' ';
    static final byte HTAB = '\t';

    private static final boolean[] TOKEN_TABLE = token();

    /** tchar: the characters of methods, header names and chunk-extension names and values. */
    static final ByteProcessor TOKEN = new Table(TOKEN_TABLE);
    /** SP and VCHAR: everything a request line may contain. */
    static final ByteProcessor REQUEST_LINE = new Table(range(0x20, 0x7e));
    /** SP, HTAB, VCHAR and obs-text: everything a header, trailer or status line may contain. */
    static final ByteProcessor FIELD_LINE = new Table(fieldLine());
    /** VCHAR only: a chunk-size line has no whitespace at all in the strict form. */
    static final ByteProcessor CHUNK_LINE = new Table(range(0x21, 0x7e));

    private ByteClasses() {}

    private static boolean[] token() {
        boolean[] t = new boolean[256];
        for (int c = '0'; c <= '9'; c++) {
            t[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            t[c] = true;
            t[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            t[c] = true;
        }
        return t;
    }

    private static boolean[] range(int from, int to) {
        boolean[] t = new boolean[256];
        for (int c = from; c <= to; c++) {
            t[c] = true;
        }
        return t;
    }

    private static boolean[] fieldLine() {
        boolean[] t = range(0x20, 0x7e);
        t[HTAB] = true;
        for (int c = 0x80; c <= 0xff; c++) {
            t[c] = true;
        }
        return t;
    }

    /** One class per instance, so the processing call site stays monomorphic. */
    private static final class Table implements ByteProcessor {
        private final boolean[] member;

        Table(boolean[] member) {
            this.member = member;
        }

        @Override
        public boolean process(byte value) {
            return member[value & 0xff];
        }
    }
}
