package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.internal.PlatformDependent;
import io.portico.testing.RecordedRequest;
import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bodies stream through Portico: 64 MB up and down with the gateway's memory (Netty's allocators and the
 * live heap, sampled while the bytes flow) far below the body size, and a client that stops reading stops
 * the origin.
 */
class StreamingMemoryIT {

    private static final int BODY = 64 * 1024 * 1024;
    /** Allowed growth of Netty's pooled memory or of the live heap while a body flows: a quarter of it. */
    private static final long MAX_GROWTH = 16 * 1024 * 1024;
    // A whole number of a..z periods, so that consecutive blocks continue TestOrigin's generated pattern.
    private static final byte[] BLOCK = new byte[26 * 2048];

    static {
        for (int i = 0; i < BLOCK.length; i++) {
            BLOCK[i] = TestOrigin.generatedByte(i);
        }
    }

    private TestOrigin origin;
    private CountingOrigin counting;
    private GatewayFixture portico;
    private MemoryProbe memory;

    @BeforeEach
    void start() throws Exception {
        origin = TestOrigin.start();
        counting = CountingOrigin.listen();
        portico = GatewayFixture.start("""
                version: 1
                proxy:
                  listen: ["127.0.0.1:0"]
                  limits: {max_body_size: 100MB}
                services:
                  - {name: echo, url: "http://${ORIGIN}"}
                  - {name: counting, url: "http://${COUNTING}"}
                routes:
                  - {name: counted, paths: ["/counted"], service: counting}
                  - {name: all, paths: ["/"], service: echo}
                """, Map.of("ORIGIN", "127.0.0.1:" + origin.port(), "COUNTING", "127.0.0.1:" + counting.port()));
        memory = MemoryProbe.start();
    }

    @AfterEach
    void stop() throws IOException {
        memory.close();
        portico.close();
        counting.close();
        origin.close();
    }

    @Test
    void streamsA64MegabyteUploadWithoutHoldingIt() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", portico.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: " + BODY + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            long sent = 0;
            boolean checked = false;
            while (sent < BODY) {
                int n = (int) Math.min(BLOCK.length, BODY - sent);
                out.write(BLOCK, 0, n);
                sent += n;
                if (!checked && sent >= BODY / 2) {
                    checked = true;
                    memory.checkLiveHeap();
                }
            }
            out.flush();

            Response response = Response.readHead(socket.getInputStream());
            assertThat(response.head()).startsWith("HTTP/1.1 200");
        }

        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(received.bodyLength()).isEqualTo(BODY);
        assertThat(received.bodySha256()).isEqualTo(TestOrigin.generatedSha256(BODY));
        memory.assertBounded();
    }

    @Test
    void streamsA64MegabyteDownloadToASlowReaderWithoutHoldingIt() throws Exception {
        origin.otherwise(Reply.generated(BODY).chunkSize(64 * 1024));
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(64 * 1024);
            socket.connect(new InetSocketAddress("127.0.0.1", portico.port()));
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /download HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);

            Response response = Response.readHead(in);
            assertThat(response.head()).startsWith("HTTP/1.1 200").containsIgnoringCase("content-length: " + BODY);
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[16 * 1024];
            long received = 0;
            long nextPause = 0;
            boolean checked = false;
            while (received < BODY) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, BODY - received));
                assertThat(n).as("bytes after " + received).isPositive();
                digest.update(buffer, 0, n);
                received += n;
                if (received >= nextPause) {
                    // A slow reader: the origin (and Portico) can send much faster than this.
                    nextPause += 512 * 1024;
                    TimeUnit.MILLISECONDS.sleep(2);
                }
                if (!checked && received >= BODY / 2) {
                    checked = true;
                    memory.checkLiveHeap();
                }
            }
            assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(TestOrigin.generatedSha256(BODY));
        }
        memory.assertBounded();
    }

    @Test
    void stopsTheOriginWhileTheClientDoesNotReadAndDeliversEverythingWhenItResumes() throws Exception {
        counting.serve(BODY);
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(64 * 1024);
            socket.connect(new InetSocketAddress("127.0.0.1", portico.port()));
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /counted HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            Response response = Response.readHead(in);
            assertThat(response.head()).startsWith("HTTP/1.1 200");

            // The client reads nothing more: the origin's writes must come to a halt well before the end.
            long[] last = {-1};
            Awaitility.await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(300)).until(() -> {
                long now = counting.written();
                boolean stalled = now == last[0];
                last[0] = now;
                return stalled;
            });
            long stalledAt = counting.written();
            assertThat(stalledAt).as("bytes the origin could write while the client read nothing").isLessThan(BODY / 2);
            memory.assertBounded();

            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            long received = 0;
            while (received < BODY) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, BODY - received));
                assertThat(n).as("bytes after " + received).isPositive();
                digest.update(buffer, 0, n);
                received += n;
            }
            assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(TestOrigin.generatedSha256(BODY));
            assertThat(counting.written()).isEqualTo(BODY);
        }
    }

    /** A response head read byte by byte, so that the stream is left at the first body byte. */
    private record Response(String head) {

        static Response readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed inside the response head: " + head);
                }
                head.write(b);
                matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
            }
            return new Response(head.toString(StandardCharsets.ISO_8859_1));
        }
    }

    /**
     * Samples, every 10 ms, the memory Netty's allocators hold (pooled direct and heap) and Netty's count of
     * direct memory; and, on request, the live heap after a full GC. Everything runs in this JVM (gateway,
     * origin, client), so the figures bound the gateway's share from above.
     */
    private static final class MemoryProbe implements AutoCloseable {

        private final ByteBufAllocatorMetric allocator =
                ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
        private final long allocatorBaseline;
        private final long directBaseline;
        private final long heapBaseline;
        private final AtomicLong allocatorPeak = new AtomicLong();
        private final AtomicLong directPeak = new AtomicLong();
        private final AtomicLong liveHeapPeak = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread sampler;

        private MemoryProbe() {
            System.gc();
            allocatorBaseline = allocatorUsed();
            directBaseline = PlatformDependent.usedDirectMemory();
            heapBaseline = heapUsed();
            allocatorPeak.set(allocatorBaseline);
            directPeak.set(directBaseline);
            liveHeapPeak.set(heapBaseline);
            sampler = new Thread(this::sample, "memory-probe");
            sampler.setDaemon(true);
        }

        static MemoryProbe start() {
            MemoryProbe probe = new MemoryProbe();
            probe.sampler.start();
            return probe;
        }

        private long allocatorUsed() {
            return allocator.usedDirectMemory() + allocator.usedHeapMemory();
        }

        private static long heapUsed() {
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }

        private void sample() {
            while (running.get()) {
                allocatorPeak.accumulateAndGet(allocatorUsed(), Math::max);
                directPeak.accumulateAndGet(PlatformDependent.usedDirectMemory(), Math::max);
                try {
                    TimeUnit.MILLISECONDS.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** Forces a full GC mid-transfer and records the heap that is still live. */
        void checkLiveHeap() {
            System.gc();
            liveHeapPeak.accumulateAndGet(heapUsed(), Math::max);
        }

        void assertBounded() {
            allocatorPeak.accumulateAndGet(allocatorUsed(), Math::max);
            assertThat(allocatorPeak.get() - allocatorBaseline).as("growth of Netty's pooled memory").isLessThan(MAX_GROWTH);
            if (directBaseline >= 0) {
                assertThat(directPeak.get() - directBaseline).as("growth of Netty's direct memory").isLessThan(MAX_GROWTH);
            }
            assertThat(liveHeapPeak.get() - heapBaseline).as("growth of the live heap").isLessThan(MAX_GROWTH);
        }

        @Override
        public void close() {
            running.set(false);
            sampler.interrupt();
        }
    }

    /**
     * A minimal blocking origin that answers one request with {@code length} generated bytes and counts what
     * its socket accepted, so a test can see it stall when nobody downstream reads. It listens from the
     * start (the configuration names its port) and answers once {@link #serve} is called.
     */
    private static final class CountingOrigin implements AutoCloseable {

        private final ServerSocket listener;
        private final AtomicLong written = new AtomicLong();

        private CountingOrigin(ServerSocket listener) {
            this.listener = listener;
        }

        static CountingOrigin listen() throws IOException {
            return new CountingOrigin(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        }

        int port() {
            return listener.getLocalPort();
        }

        void serve(long length) {
            Thread thread = new Thread(() -> serveOne(length), "counting-origin");
            thread.setDaemon(true);
            thread.start();
        }

        long written() {
            return written.get();
        }

        private void serveOne(long length) {
            try (Socket socket = listener.accept()) {
                socket.setSendBufferSize(64 * 1024);
                Response.readHead(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: " + length
                        + "\r\nconnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                long sent = 0;
                while (sent < length) {
                    int n = (int) Math.min(BLOCK.length, length - sent);
                    out.write(BLOCK, 0, n);
                    sent += n;
                    written.set(sent);
                }
                out.flush();
            } catch (IOException e) {
                // Portico dropped the connection (the test failed or ended early): nothing more to send.
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
