package io.portico.plugins.opentelemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A real OTLP/HTTP receiver for tests, on 127.0.0.1 and a free port: records every export request
 * (headers, the JSON body, when it arrived) and answers as scripted ({@link #answer}), then 200 with
 * {@code {}}. {@link #hold} keeps requests waiting until {@link #release}, as a stuck collector would.
 */
final class OtlpReceiver implements AutoCloseable {

    static final String PATH = "/v1/traces";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One received export request. */
    record Received(String method, String path, Map<String, List<String>> headers, JsonNode body, long arrivedNanos) {

        String header(String name) {
            for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name)) {
                    return entry.getValue().get(0);
                }
            }
            return null;
        }

        List<JsonNode> spans() {
            List<JsonNode> spans = new ArrayList<>();
            for (JsonNode resourceSpans : body.path("resourceSpans")) {
                for (JsonNode scopeSpans : resourceSpans.path("scopeSpans")) {
                    scopeSpans.path("spans").forEach(spans::add);
                }
            }
            return spans;
        }
    }

    /** A scripted answer. */
    record Answer(int status, Map<String, String> headers, String body) {
        static Answer status(int status) {
            return new Answer(status, Map.of(), "{}");
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "otlp-receiver");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Answer> script = new ArrayDeque<>();
    private volatile Answer otherwise = Answer.status(200);
    private volatile CountDownLatch gate = new CountDownLatch(0);

    private OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    static OtlpReceiver start() {
        try {
            return new OtlpReceiver();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:PORT/v1/traces}. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    /** Answers the next requests, one each, before the default 200. */
    synchronized OtlpReceiver answer(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    /** Answers every request not scripted with {@link #answer}. */
    OtlpReceiver otherwise(Answer answer) {
        otherwise = answer;
        return this;
    }

    /** Requests that arrive from now on wait (recorded, unanswered) until {@link #release}. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    void release() {
        gate.countDown();
    }

    List<Received> requests() {
        return List.copyOf(received);
    }

    /** Every span received so far, in order of arrival. */
    List<JsonNode> spans() {
        List<JsonNode> spans = new ArrayList<>();
        for (Received request : received) {
            spans.addAll(request.spans());
        }
        return spans;
    }

    List<Received> awaitRequests(int count) {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).until(this::requests, requests -> requests.size() >= count);
    }

    List<JsonNode> awaitSpans(int count) {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).until(this::spans, spans -> spans.size() >= count);
    }

    /** Waits for a span that matches, and returns it. */
    JsonNode awaitSpan(Predicate<JsonNode> matching) {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (JsonNode span : spans()) {
                if (matching.test(span)) {
                    return span;
                }
            }
            return null;
        }, span -> span != null);
    }

    /** The spans of one trace, by its lower-case hex id. */
    List<JsonNode> trace(String traceId) {
        List<JsonNode> spans = new ArrayList<>();
        for (JsonNode span : spans()) {
            if (span.path("traceId").asText().equals(traceId)) {
                spans.add(span);
            }
        }
        return spans;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            JsonNode json = body.length == 0 ? JSON.nullNode() : JSON.readTree(body);
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()), json, System.nanoTime()));
            awaitGate();
            Answer answer = nextAnswer();
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream response = exchange.getResponseBody()) {
                    response.write(out);
                }
            }
        }
    }

    private void awaitGate() {
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the receiver");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized Answer nextAnswer() {
        Answer next = script.poll();
        return next != null ? next : otherwise;
    }

    @Override
    public void close() {
        gate.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
