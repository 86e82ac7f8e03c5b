package io.portico.plugins.opentelemetry;

import io.portico.plugin.Headers;
import java.util.Arrays;
import java.util.List;

/**
 * One request's place in its trace, kept in an exchange attribute from the first phase the plugin runs
 * in to the log phase: the trace id, the server span's id and parent, the sampling decision, the
 * {@code tracestate} to pass on, and the id given to each upstream try's client span. Confined to the
 * request's event loop.
 */
final class RequestTrace {

    private final long traceIdHigh;
    private final long traceIdLow;
    private final long parentSpanId;
    private final long serverSpanId;
    private final boolean sampled;
    private final String traceState;
    private final String userAgent;
    /** Client span ids by try number - 1; 0 where a try was not seen. */
    private long[] clientSpanIds = new long[0];
    /** The path the tries sent upstream (without query), or null before the first try. */
    private String upstreamPath;

    private RequestTrace(long traceIdHigh, long traceIdLow, long parentSpanId, boolean sampled, String traceState,
            String userAgent) {
        this.traceIdHigh = traceIdHigh;
        this.traceIdLow = traceIdLow;
        this.parentSpanId = parentSpanId;
        this.serverSpanId = TraceIds.randomNonZero();
        this.sampled = sampled;
        this.traceState = traceState;
        this.userAgent = userAgent;
    }

    /**
     * Continues the trace of a valid incoming {@code traceparent} (exactly one header, as the
     * specification requires), or starts a new one; {@code tracestate} is kept only with a valid parent.
     */
    static RequestTrace start(Headers requestHeaders, Sampler sampler) {
        List<String> parents = requestHeaders.getAll(TraceParent.HEADER);
        TraceParent parent = parents.size() == 1 ? TraceParent.parse(parents.get(0)) : null;
        String userAgent = requestHeaders.get("user-agent");
        if (parent == null) {
            long high = TraceIds.random();
            long low = TraceIds.randomNonZero();
            return new RequestTrace(high, low, 0, sampler.sample(null, low), null, userAgent);
        }
        String traceState = traceState(requestHeaders.getAll(TraceParent.STATE_HEADER));
        return new RequestTrace(parent.traceIdHigh(), parent.traceIdLow(), parent.parentId(),
                sampler.sample(parent, parent.traceIdLow()), traceState, userAgent);
    }

    /** Several tracestate headers are one list, joined with commas (W3C Trace Context §3.3.1). */
    private static String traceState(List<String> values) {
        String joined = String.join(",", values).trim();
        return joined.isEmpty() ? null : joined;
    }

    /** Gives try {@code number} its client span id and returns the {@code traceparent} that try sends. */
    String startClientSpan(int number) {
        if (number > clientSpanIds.length) {
            clientSpanIds = Arrays.copyOf(clientSpanIds, Math.max(number, clientSpanIds.length * 2));
        }
        long spanId = TraceIds.randomNonZero();
        clientSpanIds[number - 1] = spanId;
        return TraceParent.format(traceIdHigh, traceIdLow, spanId, sampled);
    }

    void upstreamPath(String path) {
        this.upstreamPath = path;
    }

    /** The path sent upstream; "/" when no try was shown to the plugin. */
    String upstreamPath() {
        return upstreamPath == null ? "/" : upstreamPath;
    }

    /** The client span id of try {@code number}; one is made up for a try the plugin was not shown. */
    long clientSpanId(int number) {
        long id = number >= 1 && number <= clientSpanIds.length ? clientSpanIds[number - 1] : 0;
        return id != 0 ? id : TraceIds.randomNonZero();
    }

    long traceIdHigh() {
        return traceIdHigh;
    }

    long traceIdLow() {
        return traceIdLow;
    }

    /** The incoming parent's span id, 0 when this request started the trace. */
    long parentSpanId() {
        return parentSpanId;
    }

    long serverSpanId() {
        return serverSpanId;
    }

    boolean sampled() {
        return sampled;
    }

    /** The incoming {@code tracestate}, passed on unchanged; null when there is none to pass. */
    String traceState() {
        return traceState;
    }

    /** The client's User-Agent as it arrived, before any plugin changed the request. */
    String userAgent() {
        return userAgent;
    }
}
