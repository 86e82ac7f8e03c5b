package io.portico.testing;

import java.nio.charset.StandardCharsets;

/**
 * Exact bytes a {@link TestOrigin} writes as its answer, for upstreams that misbehave at the protocol level.
 *
 * @param closeAfter close the connection (FIN) once the bytes are written; otherwise keep reading requests
 */
public record RawReply(byte[] bytes, boolean closeAfter) implements OriginBehaviour {

    public RawReply {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** These ISO-8859-1 characters, then close. */
    public static RawReply of(String text) {
        return new RawReply(text.getBytes(StandardCharsets.ISO_8859_1), true);
    }

    /** A first line that is not an HTTP status line. */
    public static RawReply garbageStatusLine() {
        return of("HTTX/1.1 2OO Okay-ish\r\ncontent-length: 2\r\n\r\nok");
    }

    /** A valid response whose header section is larger than {@code headerBytes}. */
    public static RawReply oversizedHeaders(int headerBytes) {
        StringBuilder text = new StringBuilder("HTTP/1.1 200 OK\r\n");
        int header = 0;
        while (text.length() <= headerBytes) {
            text.append("x-filler-").append(header++).append(": ").append("f".repeat(1000)).append("\r\n");
        }
        return of(text.append("content-length: 2\r\n\r\nok").toString());
    }

    /** A chunked response whose chunk size line is not hexadecimal. */
    public static RawReply badChunkFraming() {
        return of("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
    }

    /** A response that declares both content-length and transfer-encoding (a smuggling vector). */
    public static RawReply contentLengthAndChunked() {
        return of("HTTP/1.1 200 OK\r\ncontent-length: 5\r\ntransfer-encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n0\r\n\r\n");
    }
}
