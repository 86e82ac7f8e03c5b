package io.portico.plugins.opentelemetry;

/** Where the plugin hands finished spans. Called on event loops: must return at once, never block. */
interface SpanSink {

    void export(Span span);
}
