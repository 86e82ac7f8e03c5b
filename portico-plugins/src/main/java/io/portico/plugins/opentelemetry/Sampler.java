package io.portico.plugins.opentelemetry;

/**
 * Parent-based sampling over a trace-id ratio, as OpenTelemetry's {@code ParentBased(TraceIdRatioBased)}:
 * a valid incoming {@code traceparent} decides with its sampled flag, so every service of a trace
 * agrees; a new trace is sampled when its id falls in the configured fraction. The ratio test reads
 * the trace id's last 8 bytes exactly as the OpenTelemetry SDK does, so the same trace id gets the
 * same decision here as in any SDK configured with the same ratio. Immutable.
 */
final class Sampler {

    private final double ratio;
    private final long idUpperBound;

    Sampler(double ratio) {
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("ratio: " + ratio + " (expected: between 0 and 1)");
        }
        this.ratio = ratio;
        this.idUpperBound = ratio == 0 ? Long.MIN_VALUE : ratio == 1 ? Long.MAX_VALUE : (long) (ratio * Long.MAX_VALUE);
    }

    /** The decision for a request whose valid incoming parent is {@code parent} (null when none). */
    boolean sample(TraceParent parent, long traceIdLow) {
        return parent != null ? parent.sampled() : sampleNewTrace(traceIdLow);
    }

    /** TraceIdRatioBased: the absolute value of the id's low half below {@code ratio * Long.MAX_VALUE}. */
    boolean sampleNewTrace(long traceIdLow) {
        if (ratio == 1) {
            return true; // also the two ids (+/- Long.MAX_VALUE) that the strict comparison would miss
        }
        return Math.abs(traceIdLow) < idUpperBound;
    }
}
