package io.portico.plugins.opentelemetry;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;

/**
 * One OTLP/HTTP POST of an encoded batch, with the JDK client, blocking the exporter's worker thread
 * (never an event loop) for at most the request timeout. One client per worker run: the JDK 17 client
 * has no close(), so its threads end when a retired worker lets go of it.
 */
final class OtlpHttpSender {

    /** An OTLP answer is a small JSON document; anything longer is not read. */
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final ExportSettings settings;
    private final HttpClient client;

    OtlpHttpSender(ExportSettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** POSTs {@code body}; an interrupted send returns an unanswered outcome with the interrupt flag set. */
    ExportOutcome post(byte[] body, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.endpoint())
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        settings.headers().forEach(request::header);
        try {
            HttpResponse<InputStream> response =
                    client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] answer;
            try (InputStream in = response.body()) {
                answer = in.readNBytes(MAX_ANSWER_BYTES);
            }
            int status = response.statusCode();
            Duration retryAfter = retryAfter(response.headers().firstValue("retry-after").orElse(null));
            if (status >= 200 && status < 300) {
                return new ExportOutcome(status, null, rejectedSpans(answer), null);
            }
            return new ExportOutcome(status, retryAfter, 0, "answered " + status);
        } catch (IOException e) {
            return ExportOutcome.unanswered(e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExportOutcome.unanswered("interrupted");
        }
    }

    /** Delay-seconds only; an HTTP-date is rare from collectors and falls back to the backoff. */
    static Duration retryAfter(String value) {
        if (value == null || value.isEmpty() || value.length() > 9) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return null;
            }
        }
        return Duration.ofSeconds(Long.parseLong(value));
    }

    /**
     * {@code partialSuccess.rejectedSpans} of an ExportTraceServiceResponse (an int64: a string in OTLP/JSON,
     * a number from some collectors); 0 when absent or unreadable.
     */
    static long rejectedSpans(byte[] answer) {
        if (answer.length == 0) {
            return 0;
        }
        try {
            Map<String, Object> response = JSONObjectUtils.parse(new String(answer, StandardCharsets.UTF_8));
            if (!(response.get("partialSuccess") instanceof Map<?, ?> partial)) {
                return 0;
            }
            Object rejected = partial.get("rejectedSpans");
            if (rejected instanceof Number number) {
                return Math.max(0, number.longValue());
            }
            if (rejected instanceof String text) {
                return Math.max(0, Long.parseLong(text));
            }
            return 0;
        } catch (ParseException | NumberFormatException e) {
            return 0; // a collector that answers 2xx with something else than JSON accepted the batch
        }
    }
}
