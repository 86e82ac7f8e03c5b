package io.portico.plugins.httplog;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portico.plugins.TestReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP endpoint for http-log tests (a {@link TestReceiver}): sees the batches it answered, answers
 * with the statuses a test scripts (then 200), and can take its time.
 */
final class LogReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One batch as answered, with its status. */
    record Received(String method, String path, TestReceiver.Received request, int answeredStatus) {

        String header(String name) {
            return request.header(name);
        }

        byte[] body() {
            return request.body();
        }

        JsonNode json() {
            try {
                return JSON.readTree(request.body());
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

    private final TestReceiver receiver = TestReceiver.start();

    private LogReceiver() {}

    static LogReceiver start() {
        return new LogReceiver();
    }

    URI uri(String path) {
        return receiver.uri(path);
    }

    /** The next requests are answered with these statuses, in order; later ones with 200. */
    LogReceiver answer(Integer... statuses) {
        for (int status : statuses) {
            receiver.answer(TestReceiver.Answer.status(status));
        }
        return this;
    }

    /** Every request is answered only after this long. */
    LogReceiver answerAfter(Duration wait) {
        receiver.answerAfter(wait);
        return this;
    }

    /** The batches answered so far, in the order they were answered. */
    List<Received> received() {
        List<Received> batches = new ArrayList<>();
        for (TestReceiver.Answered answered : receiver.answered()) {
            TestReceiver.Received request = answered.request();
            batches.add(new Received(request.method(), request.uri().toString(), request, answered.status()));
        }
        return batches;
    }

    /** The request ids of every entry in batches answered 2xx, in the order received. */
    List<String> deliveredIds() {
        List<String> ids = new ArrayList<>();
        for (Received batch : received()) {
            if (batch.answeredStatus() / 100 == 2) {
                ids.addAll(batch.requestIds());
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
        receiver.close();
    }
}
