package io.portico.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.portico.json.JsonText;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Two small JSON services for {@code portico demo}, on loopback and free ports. Each answers every
 * path with what it received (so the demo shows routing and forwarded headers), {@code GET /health}
 * with its health, and {@code POST /health/toggle} flips that health so the demo can show active
 * health checks taking a backend out and bringing it back.
 */
final class DemoBackends implements AutoCloseable {

    private final List<Backend> backends = new ArrayList<>();

    static DemoBackends start(int count) throws IOException {
        DemoBackends demo = new DemoBackends();
        try {
            for (int i = 1; i <= count; i++) {
                demo.backends.add(Backend.start("demo-" + i));
            }
        } catch (IOException | RuntimeException e) {
            demo.close();
            throw e;
        }
        return demo;
    }

    List<Integer> ports() {
        List<Integer> ports = new ArrayList<>();
        for (Backend backend : backends) {
            ports.add(backend.server.getAddress().getPort());
        }
        return ports;
    }

    @Override
    public void close() {
        for (Backend backend : backends) {
            backend.close();
        }
    }

    private static final class Backend {
        private final String name;
        private final HttpServer server;
        private final ExecutorService executor;
        private final AtomicBoolean healthy = new AtomicBoolean(true);

        private Backend(String name, HttpServer server, ExecutorService executor) {
            this.name = name;
            this.server = server;
            this.executor = executor;
        }

        static Backend start(String name) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
                Thread thread = new Thread(r, name);
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(executor);
            Backend backend = new Backend(name, server, executor);
            server.createContext("/", backend::handle);
            server.start();
            return backend;
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                long received = drain(exchange.getRequestBody());
                String path = exchange.getRequestURI().getRawPath();
                String method = exchange.getRequestMethod();
                if (path.equals("/health/toggle") && method.equals("POST")) {
                    boolean now = !healthy.get();
                    healthy.set(now);
                    send(exchange, 200, "{\"backend\":\"" + name + "\",\"healthy\":" + now + "}");
                } else if (path.equals("/health")) {
                    send(exchange, healthy.get() ? 200 : 503,
                            "{\"backend\":\"" + name + "\",\"status\":\"" + (healthy.get() ? "ok" : "failing") + "\"}");
                } else {
                    send(exchange, 200, describe(exchange, received));
                }
            }
        }

        private String describe(HttpExchange exchange, long bodyBytes) {
            StringBuilder json = new StringBuilder(256);
            json.append("{\"backend\":\"").append(name).append("\",\"method\":");
            JsonText.appendQuoted(json, exchange.getRequestMethod());
            json.append(",\"path\":");
            JsonText.appendQuoted(json, exchange.getRequestURI().toString());
            json.append(",\"body_bytes\":").append(bodyBytes).append(",\"headers\":{");
            boolean first = true;
            for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                JsonText.appendQuoted(json, header.getKey().toLowerCase(java.util.Locale.ROOT));
                json.append(':');
                JsonText.appendQuoted(json, String.join(", ", header.getValue()));
            }
            return json.append("}}").toString();
        }

        private static long drain(InputStream body) throws IOException {
            byte[] buffer = new byte[8192];
            long total = 0;
            int read;
            while ((read = body.read(buffer)) > 0) {
                total += read;
            }
            return total;
        }

        private static void send(HttpExchange exchange, int status, String json) throws IOException {
            byte[] bytes = (json + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
