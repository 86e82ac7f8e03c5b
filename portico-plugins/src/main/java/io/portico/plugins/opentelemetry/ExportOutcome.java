package io.portico.plugins.opentelemetry;

import java.time.Duration;

/**
 * How one POST of a batch ended.
 *
 * @param status        the collector's status, 0 when it did not answer
 * @param retryAfter    the collector's {@code Retry-After}, or null
 * @param rejectedSpans spans a 2xx answer says it rejected ({@code partialSuccess.rejectedSpans})
 * @param problem       what went wrong, for the log; null when accepted
 */
record ExportOutcome(int status, Duration retryAfter, long rejectedSpans, String problem) {

    static ExportOutcome unanswered(String problem) {
        return new ExportOutcome(0, null, 0, problem);
    }

    boolean accepted() {
        return status >= 200 && status < 300;
    }

    /** OTLP/HTTP's transient failures: throttling, an unavailable collector, no answer at all. */
    boolean retryable() {
        return status == 0 || status == 429 || status == 502 || status == 503 || status == 504;
    }
}
