package io.portico.plugins.opentelemetry;

import java.util.List;

/**
 * One finished span, ready to export. Immutable: built on the event loop in the log phase, encoded on
 * the exporter's thread.
 *
 * @param traceIdHigh    the first 8 bytes of the trace id
 * @param traceIdLow     the last 8 bytes of the trace id
 * @param spanId         this span's id, never 0
 * @param parentSpanId   the parent span's id, 0 for a root span
 * @param traceState     the W3C {@code tracestate} the span was recorded under, or null
 * @param startEpochNanos when it started, in nanoseconds since the epoch
 * @param endEpochNanos  when it ended, in nanoseconds since the epoch
 * @param statusMessage  why it failed, for {@link SpanStatus#ERROR}; null otherwise
 */
record Span(long traceIdHigh, long traceIdLow, long spanId, long parentSpanId, String traceState, String name,
            SpanKind kind, long startEpochNanos, long endEpochNanos, List<SpanAttribute> attributes, SpanStatus status,
            String statusMessage) {

    Span {
        attributes = List.copyOf(attributes);
    }
}
