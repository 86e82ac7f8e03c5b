package io.portico.plugins.opentelemetry;

/** The kinds of span Portico records, with their OTLP enum numbers. */
enum SpanKind {
    /** The request as Portico served it. */
    SERVER(2),
    /** One try to reach the upstream. */
    CLIENT(3);

    private final int otlpCode;

    SpanKind(int otlpCode) {
        this.otlpCode = otlpCode;
    }

    int otlpCode() {
        return otlpCode;
    }
}
