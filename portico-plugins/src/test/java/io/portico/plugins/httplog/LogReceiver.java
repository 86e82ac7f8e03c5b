package io.portico.plugins.httplog;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP endpoint for http-log tests (the JDK's HttpServer on a free loopback port): records every
 * request it gets, answers with the statuses a test scripts (then 200), and can take its time.
 */
final class LogReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received, with the status it was answered. */
    record Received(String method, String path, Headers headers, byte[] body, int answeredStatus) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The request ids of the entries in the batch, in order. */
        List<String> requestIds() {
            List<String> ids = new ArrayList<>();
            for (JsonNode entry : json()) {
                ids.add(entry.get("request_id").asText());
            }
            return ids;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<Integer> scripted = new ConcurrentLinkedDeque<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Duration delay = Duration.ZERO;

    private LogReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                if (!delay.isZero()) {
                    // A slow endpoint: the answer comes after the delay (or when the test ends).
                    closing.await(delay.toMillis(), TimeUnit.MILLISECONDS);
                }
                Integer next = scripted.pollFirst();
                int status = next == null ? 200 : next;
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                        exchange.getRequestHeaders(), body, status));
                exchange.sendResponseHeaders(status, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    static LogReceiver start() throws IOException {
        return new LogReceiver();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** The next requests are answered with these statuses, in order; later ones with 200. */
    LogReceiver answer(Integer... statuses) {
        scripted.addAll(List.of(statuses));
        return this;
    }

    /** Every request is answered only after this long. */
    LogReceiver answerAfter(Duration wait) {
        delay = wait;
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** The request ids of every entry in batches answered 2xx, in the order received. */
    List<String> deliveredIds() {
        List<String> ids = new ArrayList<>();
        for (Received request : received) {
            if (request.answeredStatus() / 100 == 2) {
                ids.addAll(request.requestIds());
            }
        }
        return ids;
    }

    /** Waits (10 s at most) until the delivered batches hold {@code count} entries. */
    List<String> awaitDelivered(int count) {
        return await().atMost(Duration.ofSeconds(10)).until(this::deliveredIds, ids -> ids.size() >= count);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
