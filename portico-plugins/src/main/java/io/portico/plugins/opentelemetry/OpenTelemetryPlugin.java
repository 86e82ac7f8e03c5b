package io.portico.plugins.opentelemetry;

import io.portico.plugin.Action;
import io.portico.plugin.AttemptResult;
import io.portico.plugin.AttributeKey;
import io.portico.plugin.Completed;
import io.portico.plugin.Headers;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.Plugin;
import io.portico.plugin.UpstreamAttempt;
import java.util.List;

/**
 * Rewrite: reads the incoming trace context and decides sampling. Each upstream try: sends a
 * {@code traceparent} naming that try's client span (sampled or not, so the upstream continues the
 * trace either way) and the incoming {@code tracestate}. Log: hands the server span and one client
 * span per try to the exporter, for sampled requests only. Immutable, so one instance serves every
 * event loop; per-request state lives in the {@link #TRACE} attribute. Nothing here blocks: the
 * exporter only queues.
 */
final class OpenTelemetryPlugin implements Plugin {

    /** Shared by every opentelemetry configuration: a consumer's config continues the route's trace. */
    static final AttributeKey<RequestTrace> TRACE = AttributeKey.named("opentelemetry.trace");

    private final Sampler sampler;
    private final SpanSink sink;

    OpenTelemetryPlugin(Sampler sampler, SpanSink sink) {
        this.sampler = sampler;
        this.sink = sink;
    }

    @Override
    public Action rewrite(HttpExchange exchange) {
        trace(exchange);
        return Action.proceed();
    }

    @Override
    public void upstreamAttempt(HttpExchange exchange, UpstreamAttempt attempt) {
        RequestTrace trace = trace(exchange);
        Headers headers = attempt.requestHeaders();
        headers.set(TraceParent.HEADER, trace.startClientSpan(attempt.number()));
        trace.upstreamPath(attempt.path());
        if (trace.traceState() != null) {
            headers.set(TraceParent.STATE_HEADER, trace.traceState());
        } else {
            headers.remove(TraceParent.STATE_HEADER); // it belonged to a parent that was invalid or absent
        }
    }

    @Override
    public void log(HttpExchange exchange, Completed completed) {
        RequestTrace trace = trace(exchange);
        if (!trace.sampled()) {
            return;
        }
        sink.export(HttpSpans.server(trace, exchange, completed));
        List<AttemptResult> attempts = completed.attempts();
        for (int i = 0; i < attempts.size(); i++) {
            sink.export(HttpSpans.client(trace, exchange, completed, attempts.get(i)));
        }
    }

    /**
     * The request's trace, started in the first phase the plugin runs in: rewrite normally; a later
     * one for a consumer's configuration, which never runs in rewrite.
     */
    private RequestTrace trace(HttpExchange exchange) {
        RequestTrace trace = exchange.attribute(TRACE);
        if (trace == null) {
            trace = RequestTrace.start(exchange.requestHeaders(), sampler);
            exchange.setAttribute(TRACE, trace);
        }
        return trace;
    }
}
