package io.portico.testing;

import java.nio.charset.StandardCharsets;

/** The body of a {@link Reply}. */
public sealed interface ReplyBody {

    /** These bytes. */
    record Fixed(byte[] bytes) implements ReplyBody {
        public Fixed {
            bytes = bytes.clone();
        }

        static Fixed of(String text) {
            return new Fixed(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    /**
     * {@code length} bytes of {@link TestOrigin#generatedByte(long)}, produced chunk by chunk so that the
     * origin never holds the body.
     */
    record Generated(long length) implements ReplyBody {
        public Generated {
            if (length < 0) {
                throw new IllegalArgumentException("length: " + length + " (expected: >= 0)");
            }
        }
    }

    /** A JSON description of the request: method, uri, version, headers, body_length, body_sha256, connection. */
    record Echo() implements ReplyBody {}
}
