package io.portico.plugins.opentelemetry;

/**
 * A span's status, with its OTLP code. Spans that did not fail stay {@link #UNSET}, as the HTTP
 * semantic conventions ask; Portico never sets {@code OK} (code 1), which is meant for an operator's
 * explicit override.
 */
enum SpanStatus {
    UNSET(0),
    ERROR(2);

    private final int otlpCode;

    SpanStatus(int otlpCode) {
        this.otlpCode = otlpCode;
    }

    int otlpCode() {
        return otlpCode;
    }
}
