package io.portico.plugins.oauth2introspection;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An RFC 7662 introspection endpoint for tests, on a free loopback port. Tokens are registered with
 * what to answer; unknown tokens are inactive. Counts calls per token and keeps each call's request.
 */
final class AuthorizationServer implements AutoCloseable {

    /** One call as the server received it. */
    record Call(String token, Map<String, String> form, String authorization, String contentType, String accept) {}

    /** How the server answers one token. */
    sealed interface Answer permits Active, Status, Oversized, Held {}

    /** Active until {@code expiresAtMillis} (then inactive), with these extra members. */
    record Active(long expiresAtMillis, String extraMembers) implements Answer {}

    record Status(int status) implements Answer {}

    /** A body larger than the plugin accepts. */
    record Oversized() implements Answer {}

    /** Waits for the gate to open, then answers as {@code then}. */
    record Held(CountDownLatch gate, Answer then) implements Answer {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "test-authorization-server");
        thread.setDaemon(true);
        return thread;
    });
    private final String expectedAuthorization;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    private AuthorizationServer(String clientId, String clientSecret) throws IOException {
        this.expectedAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(executor);
        server.createContext("/introspect", this::handle);
        server.start();
    }

    static AuthorizationServer start(String clientId, String clientSecret) throws IOException {
        return new AuthorizationServer(clientId, clientSecret);
    }

    int port() {
        return server.getAddress().getPort();
    }

    AuthorizationServer answer(String token, Answer answer) {
        answers.put(token, answer);
        return this;
    }

    int calls(String token) {
        AtomicInteger count = counts.get(token);
        return count == null ? 0 : count.get();
    }

    List<Call> received() {
        return List.copyOf(calls);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> form = new HashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            String token = form.get("token");
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            calls.add(new Call(token, form, authorization, exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Accept")));
            if (token != null) {
                counts.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
            }
            if (!"POST".equals(exchange.getRequestMethod()) || !expectedAuthorization.equals(authorization)) {
                send(exchange, 401, "{\"error\":\"invalid_client\"}");
                return;
            }
            respond(exchange, token == null ? null : answers.get(token));
        }
    }

    private void respond(HttpExchange exchange, Answer answer) throws IOException {
        if (answer instanceof Held held) {
            try {
                held.gate().await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, held.then());
        } else if (answer instanceof Active active && System.currentTimeMillis() < active.expiresAtMillis()) {
            String exp = active.expiresAtMillis() == Long.MAX_VALUE ? "" : ",\"exp\":" + active.expiresAtMillis() / 1000;
            send(exchange, 200, "{\"active\":true" + exp + active.extraMembers() + "}");
        } else if (answer instanceof Status status) {
            send(exchange, status.status(), "{\"error\":\"server_error\"}");
        } else if (answer instanceof Oversized) {
            send(exchange, 200, "{\"active\":true,\"padding\":\"" + "x".repeat(100_000) + "\"}");
        } else {
            send(exchange, 200, "{\"active\":false}");
        }
    }

    private static void send(HttpExchange exchange, int status, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(status, bytes.length);
            out.write(bytes);
        } catch (IOException e) {
            // The gateway gave up waiting (a timeout test): nothing to answer to.
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
