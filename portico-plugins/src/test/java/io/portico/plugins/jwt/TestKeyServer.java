package io.portico.plugins.jwt;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny identity provider for tests, on 127.0.0.1 and a free port: {@code /jwks.json} serves the
 * current key set (or a programmed status, or waits until released) and counts fetches; every other
 * path is the attacker's "recording server" for {@code jku}/{@code x5u}: it answers 200 and records
 * the path, so a test can prove Portico never called it.
 */
final class TestKeyServer implements AutoCloseable {

    static final String JWKS_PATH = "/jwks.json";

    private final HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();
    private final List<String> recorded = new CopyOnWriteArrayList<>();
    private volatile String document = "{\"keys\":[]}";
    private volatile int status = 200;
    private volatile CountDownLatch hold = new CountDownLatch(0);

    private TestKeyServer(HttpServer server) {
        this.server = server;
    }

    static TestKeyServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            TestKeyServer keys = new TestKeyServer(server);
            server.createContext("/", keys::handle);
            server.setExecutor(Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "test-key-server");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    String jwksUri() {
        return "http://127.0.0.1:" + port() + JWKS_PATH;
    }

    String uri(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Serves these JWK JSON objects from now on. */
    void serve(String... jwks) {
        document = "{\"keys\":[" + String.join(",", jwks) + "]}";
        status = 200;
    }

    /** Answers the key set path with this status (and no key set) from now on. */
    void failWith(int statusCode) {
        status = statusCode;
    }

    /** Key set requests wait until {@link #release}. */
    void holdFetches() {
        hold = new CountDownLatch(1);
    }

    void release() {
        hold.countDown();
    }

    int fetches() {
        return fetches.get();
    }

    /** Paths requested other than the key set: what an attacker's server would have seen. */
    List<String> recorded() {
        return new ArrayList<>(recorded);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            int code;
            if (path.equals(JWKS_PATH)) {
                fetches.incrementAndGet();
                awaitRelease();
                code = status;
                body = (code == 200 ? document : "{\"error\":\"unavailable\"}").getBytes(StandardCharsets.UTF_8);
            } else {
                recorded.add(path);
                code = 200;
                body = document.getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(code, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private void awaitRelease() {
        try {
            if (!hold.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the key set");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops answering: connections are refused from now on. */
    void stop() {
        server.stop(0);
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
