package io.portico.plugins;

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
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A real HTTP endpoint for plugins that send things out (http-log batches, OTLP exports): the JDK's
 * HttpServer on 127.0.0.1 and a free port. It records every request when it arrives, answers as
 * scripted ({@link #answer}, then {@link #otherwise}), and can be slow ({@link #answerAfter}) or stuck
 * until the test lets it go ({@link #hold}, {@link #release}).
 */
public final class TestReceiver implements AutoCloseable {

    /** One request as it arrived. */
    public record Received(String method, URI uri, Map<String, List<String>> headers, byte[] body, long arrivedNanos) {

        /** The first value of a header, whatever the case of its name; null when absent. */
        public String header(String name) {
            for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name)) {
                    return entry.getValue().get(0);
                }
            }
            return null;
        }
    }

    /** How a request is answered; an empty body is sent without one. */
    public record Answer(int status, Map<String, String> headers, String body) {

        public static Answer status(int status) {
            return new Answer(status, Map.of(), "");
        }
    }

    /** A request and the status it was answered with. */
    public record Answered(Received request, int status) {}

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "test-receiver");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Answered> answered = new CopyOnWriteArrayList<>();
    private final Deque<Answer> script = new ArrayDeque<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Answer otherwise = Answer.status(200);
    private volatile Duration delay = Duration.ZERO;
    private volatile CountDownLatch gate = new CountDownLatch(0);

    private TestReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public static TestReceiver start() {
        try {
            return new TestReceiver();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:PORT} followed by {@code pathAndQuery}. */
    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    /** Answers the next requests, one each, before {@link #otherwise}. */
    public synchronized TestReceiver answer(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    /** Answers every request not scripted with {@link #answer} (200 without a body until told otherwise). */
    public TestReceiver otherwise(Answer answer) {
        otherwise = answer;
        return this;
    }

    /** Every request is answered only after this long (or when the receiver closes). */
    public TestReceiver answerAfter(Duration wait) {
        delay = wait;
        return this;
    }

    /** Requests that arrive from now on wait (recorded, unanswered) until {@link #release}, 30 s at most. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    public void release() {
        gate.countDown();
    }

    /** Every request so far, in order of arrival, answered or not. */
    public List<Received> requests() {
        return List.copyOf(received);
    }

    /** The requests answered so far, in the order they were answered, with their status. */
    public List<Answered> answered() {
        return List.copyOf(answered);
    }

    /** Waits (10 s at most) until {@code count} requests arrived. */
    public List<Received> awaitRequests(int count) {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).until(this::requests, requests -> requests.size() >= count);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI(),
                    Map.copyOf(exchange.getRequestHeaders()), body, System.nanoTime());
            received.add(request);
            if (!pause()) {
                return;
            }
            Answer answer = nextAnswer();
            answered.add(new Answered(request, answer.status()));
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream response = exchange.getResponseBody()) {
                    response.write(out);
                }
            }
        }
    }

    /** Waits as the test asked: the delay, then the gate. False when interrupted (the receiver is closing). */
    private boolean pause() {
        try {
            Duration wait = delay;
            if (!wait.isZero()) {
                closing.await(wait.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the receiver");
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private synchronized Answer nextAnswer() {
        Answer next = script.poll();
        return next != null ? next : otherwise;
    }

    @Override
    public void close() {
        closing.countDown();
        gate.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
