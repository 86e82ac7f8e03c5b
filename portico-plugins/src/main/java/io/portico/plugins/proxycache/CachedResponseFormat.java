package io.portico.plugins.proxycache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An entry as the redis strategy stores it: compact, binary and versioned, so that a node never misreads a
 * value written by another version (or by anything else): such a value reads as no entry.
 *
 * <pre>
 * 0xC5 1                    magic byte, format version
 * varint status
 * varlong storedAtMillis, initialAgeSeconds, freshMillis, staleIfErrorMillis, keepUntilMillis
 * text route
 * varint n, n × (text name, text value)          headers
 * varint n, n × (text name, optional text value)  vary names and the values the storing request had
 * varint n, n × text                              tags
 * varint n, n bytes                               body, up to the end of the value
 * </pre>
 *
 * A varint is unsigned LEB128 (7 bits a byte, low first); text is a varint length and UTF-8; an optional
 * text is a varint of length + 1, or 0 for absent. The key is not written: it is the Redis key's.
 */
final class CachedResponseFormat {

    static final byte MAGIC = (byte) 0xC5;
    static final byte VERSION = 1;

    private CachedResponseFormat() {}

    /** The value of an entry. The body is copied once, into the returned array. */
    static byte[] write(CachedResponse entry) {
        Head head = new Head();
        head.buffer[head.size++] = MAGIC;
        head.buffer[head.size++] = VERSION;
        head.varLong(entry.status());
        head.varLong(entry.storedAtMillis());
        head.varLong(entry.initialAgeSeconds());
        head.varLong(entry.freshMillis());
        head.varLong(entry.staleIfErrorMillis());
        head.varLong(entry.keepUntilMillis());
        head.text(entry.route());
        head.varLong(entry.headers().size());
        for (Map.Entry<String, String> header : entry.headers().entrySet()) {
            head.text(header.getKey());
            head.text(header.getValue());
        }
        head.varLong(entry.varyNames().size());
        for (int i = 0; i < entry.varyNames().size(); i++) {
            head.text(entry.varyNames().get(i));
            String value = entry.varyValues().get(i);
            if (value == null) {
                head.varLong(0);
            } else {
                byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                head.varLong(bytes.length + 1L);
                head.bytes(bytes);
            }
        }
        head.varLong(entry.tags().size());
        for (String tag : entry.tags()) {
            head.text(tag);
        }
        byte[] body = entry.body();
        head.varLong(body.length);
        byte[] value = Arrays.copyOf(head.buffer, head.size + body.length);
        System.arraycopy(body, 0, value, head.size, body.length);
        return value;
    }

    /**
     * The entry stored under {@code key}, or null when the value is not one this version wrote whole
     * (another format or version, truncated, trailing bytes). Never throws.
     */
    static CachedResponse read(String key, byte[] value) {
        try {
            ByteBuffer in = ByteBuffer.wrap(value);
            if (in.get() != MAGIC || in.get() != VERSION) {
                return null;
            }
            int status = count(in, 999);
            long storedAtMillis = varLong(in);
            long initialAgeSeconds = varLong(in);
            long freshMillis = varLong(in);
            long staleIfErrorMillis = varLong(in);
            long keepUntilMillis = varLong(in);
            String route = text(in);
            int headerCount = count(in, in.remaining() / 2);
            Map<String, String> headers = new HashMap<>(headerCount * 2);
            for (int i = 0; i < headerCount; i++) {
                headers.put(text(in), text(in));
            }
            int varyCount = count(in, in.remaining() / 2);
            List<String> varyNames = new ArrayList<>(varyCount);
            List<String> varyValues = new ArrayList<>(varyCount);
            for (int i = 0; i < varyCount; i++) {
                varyNames.add(text(in));
                int length = count(in, in.remaining() + 1);
                varyValues.add(length == 0 ? null : string(in, length - 1));
            }
            int tagCount = count(in, in.remaining());
            Set<String> tags = new LinkedHashSet<>(tagCount * 2);
            for (int i = 0; i < tagCount; i++) {
                tags.add(text(in));
            }
            int bodyLength = count(in, in.remaining());
            if (bodyLength != in.remaining() || status < 100 || headers.size() != headerCount) {
                return null;
            }
            byte[] body = Arrays.copyOfRange(value, in.position(), value.length);
            return new CachedResponse(key, route, status, headers, body, storedAtMillis, initialAgeSeconds, freshMillis,
                    staleIfErrorMillis, keepUntilMillis, varyNames, varyValues, tags);
        } catch (RuntimeException e) {
            // Truncated (BufferUnderflowException), a count past the end, anything else malformed: no entry.
            return null;
        }
    }

    /** A varint that counts something and so is at most {@code max} (what the rest of the value can hold). */
    private static int count(ByteBuffer in, int max) {
        long value = varLong(in);
        if (value < 0 || value > max) {
            throw new IllegalArgumentException("a count past the end of the value");
        }
        return (int) value;
    }

    private static long varLong(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("a varint longer than 10 bytes");
    }

    private static String text(ByteBuffer in) {
        return string(in, count(in, in.remaining()));
    }

    private static String string(ByteBuffer in, int length) {
        String text = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return text;
    }

    /** Everything but the body: small, grown by doubling. */
    private static final class Head {
        byte[] buffer = new byte[256];
        int size;

        void varLong(long value) {
            ensure(10);
            while ((value & ~0x7FL) != 0) {
                buffer[size++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            buffer[size++] = (byte) value;
        }

        void text(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            varLong(bytes.length);
            bytes(bytes);
        }

        void bytes(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buffer, size, bytes.length);
            size += bytes.length;
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }
    }
}
