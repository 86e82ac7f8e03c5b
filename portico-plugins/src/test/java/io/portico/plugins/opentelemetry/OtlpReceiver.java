package io.portico.plugins.opentelemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portico.plugins.TestReceiver;
import io.portico.plugins.TestReceiver.Answer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A real OTLP/HTTP receiver for tests (a {@link TestReceiver}): sees every export request (headers, the
 * JSON body, when it arrived) and answers as scripted ({@link #answer}), then 200 with {@code {}}.
 * {@link #hold} keeps requests waiting until {@link #release}, as a stuck collector would.
 */
final class OtlpReceiver implements AutoCloseable {

    static final String PATH = "/v1/traces";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One received export request, with its body read as JSON. */
    record Received(TestReceiver.Received request, JsonNode body) {

        String method() {
            return request.method();
        }

        String path() {
            return request.uri().getPath();
        }

        long arrivedNanos() {
            return request.arrivedNanos();
        }

        String header(String name) {
            return request.header(name);
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

    private final TestReceiver receiver =
            TestReceiver.start().otherwise(new Answer(200, Map.of("Content-Type", "application/json"), "{}"));

    private OtlpReceiver() {}

    static OtlpReceiver start() {
        return new OtlpReceiver();
    }

    /** {@code http://127.0.0.1:PORT/v1/traces}. */
    URI endpoint() {
        return receiver.uri(PATH);
    }

    /** Answers the next requests, one each, before the default 200. */
    OtlpReceiver answer(Answer... answers) {
        receiver.answer(answers);
        return this;
    }

    /** Answers every request not scripted with {@link #answer}. */
    OtlpReceiver otherwise(Answer answer) {
        receiver.otherwise(answer);
        return this;
    }

    /** Requests that arrive from now on wait (recorded, unanswered) until {@link #release}. */
    void hold() {
        receiver.hold();
    }

    void release() {
        receiver.release();
    }

    List<Received> requests() {
        List<Received> requests = new ArrayList<>();
        for (TestReceiver.Received request : receiver.requests()) {
            requests.add(new Received(request, json(request.body())));
        }
        return requests;
    }

    /** Every span received so far, in order of arrival. */
    List<JsonNode> spans() {
        List<JsonNode> spans = new ArrayList<>();
        for (Received request : requests()) {
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

    private static JsonNode json(byte[] body) {
        try {
            return body.length == 0 ? JSON.nullNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        receiver.close();
    }
}
