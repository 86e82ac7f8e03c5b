package io.portico.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A blocking HTTP/1.1 client over one plain socket, for tests that must send exact bytes (malformed or
 * ambiguous requests) and see exactly what comes back. Every read is bounded by the client's timeout;
 * I/O failures (a reset included) surface as {@link UncheckedIOException}.
 */
public final class RawHttpClient implements AutoCloseable {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_HEAD_BYTES = 1024 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final Duration timeout;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    private ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private RawHttpClient(Socket socket, Duration timeout) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.timeout = timeout;
    }

    /** Connects to 127.0.0.1:{@code port}; reads time out after 5 s. */
    public static RawHttpClient connect(int port) {
        return connect("127.0.0.1", port, DEFAULT_TIMEOUT);
    }

    public static RawHttpClient connect(String host, int port, Duration timeout) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            return new RawHttpClient(socket, timeout);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("connect " + host + ":" + port, e);
        }
    }

    /** Sends these characters as ISO-8859-1 bytes, exactly. */
    public RawHttpClient send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawHttpClient send(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("send", e);
        }
    }

    /** Half-closes the socket: the peer reads end of stream, responses can still be read. */
    public RawHttpClient shutdownOutput() {
        try {
            socket.shutdownOutput();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("shutdownOutput", e);
        }
    }

    /** Sends {@code request} and reads one response. */
    public RawResponse exchange(String request) {
        return send(request).readResponse();
    }

    /**
     * Reads the next response: the status line, the headers, then a body framed by chunked coding, by
     * content-length, or by the end of the connection. 1xx, 204 and 304 responses have no body.
     */
    public RawResponse readResponse() {
        return read(true);
    }

    /** Reads the status line and headers only (for answers to HEAD, or to inspect a response being streamed). */
    public RawResponse readResponseHead() {
        return read(false);
    }

    /** Reads everything until the peer closes the connection, as ISO-8859-1 text. */
    public String readUntilClose() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int b;
        while ((b = readByte()) >= 0) {
            all.write(b);
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Waits (up to the timeout) for the peer to close the connection, discarding what it sends meanwhile.
     * Returns true on end of stream or reset, false when the connection was still open at the deadline.
     */
    public boolean awaitClose() {
        try {
            while (readByte() >= 0) {
                // discard
            }
            return true;
        } catch (UncheckedIOException e) {
            return e.getCause() instanceof SocketException;
        }
    }

    private RawResponse read(boolean withBody) {
        captured = new ByteArrayOutputStream();
        String statusLine = readLine();
        if (statusLine == null) {
            throw new UncheckedIOException(new IOException("connection closed before a status line"));
        }
        String[] parts = statusLine.split(" ", 3);
        int status = parseStatus(parts, statusLine);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String line;
        while ((line = readLine()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            String name = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1).trim();
            headers.computeIfAbsent(name.trim().toLowerCase(Locale.ROOT), key -> new ArrayList<>()).add(value);
        }
        byte[] body = new byte[0];
        if (withBody && line != null && status >= 200 && status != 204 && status != 304) {
            body = readBody(headers);
        }
        return new RawResponse(statusLine, parts[0], status, headers, body, captured.toByteArray());
    }

    private static int parseStatus(String[] parts, String statusLine) {
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            return -1;
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private byte[] readBody(Map<String, List<String>> headers) {
        List<String> codings = headers.getOrDefault("transfer-encoding", List.of());
        if (!codings.isEmpty() && codings.get(codings.size() - 1).toLowerCase(Locale.ROOT).endsWith("chunked")) {
            return readChunked();
        }
        List<String> lengths = headers.get("content-length");
        if (lengths != null) {
            return readExactly(Long.parseLong(lengths.get(0).trim()));
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int b;
        while ((b = readByte()) >= 0) {
            body.write(b);
        }
        return body.toByteArray();
    }

    private byte[] readChunked() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            if (sizeLine == null) {
                throw new UncheckedIOException(new IOException("connection closed inside chunked body"));
            }
            int extension = sizeLine.indexOf(';');
            long size = Long.parseLong((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
            if (size == 0) {
                String trailer;
                while ((trailer = readLine()) != null && !trailer.isEmpty()) {
                    // trailers are kept in raw() only
                }
                return body.toByteArray();
            }
            body.writeBytes(readExactly(size));
            readLine();
        }
    }

    private byte[] readExactly(long length) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(length, 1 << 20));
        for (long i = 0; i < length; i++) {
            int b = readByte();
            if (b < 0) {
                throw new UncheckedIOException(new IOException(
                        "connection closed after " + i + " of " + length + " body bytes"));
            }
            bytes.write(b);
        }
        return bytes.toByteArray();
    }

    /** A line without its CRLF (or bare LF), or null at end of stream before any byte. */
    private String readLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = readByte()) >= 0 && b != '\n') {
            line.write(b);
            if (line.size() > MAX_HEAD_BYTES) {
                throw new UncheckedIOException(new IOException("line longer than " + MAX_HEAD_BYTES + " bytes"));
            }
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    private int readByte() {
        if (position == limit && !fill()) {
            return -1;
        }
        int b = buffer[position++] & 0xff;
        captured.write(b);
        return b;
    }

    private boolean fill() {
        try {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            int n = in.read(buffer);
            if (n < 0) {
                return false;
            }
            position = 0;
            limit = n;
            return true;
        } catch (SocketTimeoutException e) {
            throw new UncheckedIOException("no data within " + timeout + "; received so far: "
                    + captured.toString(StandardCharsets.ISO_8859_1), e);
        } catch (IOException e) {
            throw new UncheckedIOException("read after: " + captured.toString(StandardCharsets.ISO_8859_1), e);
        }
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket that failed to connect or was reset
        }
    }
}
