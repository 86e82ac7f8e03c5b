package io.portico.observability;

import io.portico.json.JsonText;

/**
 * One request, as the access log records it. Filled in on the event loop by the exchange that served
 * the request; {@link #toJson()} runs on the writer thread.
 *
 * @param route    route name, or null when no route matched
 * @param service  service name, or null for static responses and errors before routing
 * @param target   the upstream target of the last attempt ({@code host:port}), or null
 * @param upstreamLatencyNanos time from the first upstream attempt to the end of its response, or -1
 */
public record AccessLogEntry(
        long epochMillis,
        String requestId,
        String clientIp,
        String method,
        String path,
        String route,
        String service,
        String target,
        int status,
        long bytesIn,
        long bytesOut,
        long latencyNanos,
        long upstreamLatencyNanos) {

    /** {@code {"time":"2026-11-22T10:15:30.123Z","request_id":...}} without a trailing newline. */
    public String toJson() {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"time\":\"").append(java.time.Instant.ofEpochMilli(epochMillis)).append('"');
        field(out, "request_id", requestId);
        field(out, "client_ip", clientIp);
        field(out, "method", method);
        field(out, "path", path);
        field(out, "route", route);
        field(out, "service", service);
        field(out, "target", target);
        out.append(",\"status\":").append(status);
        out.append(",\"bytes_in\":").append(bytesIn);
        out.append(",\"bytes_out\":").append(bytesOut);
        out.append(",\"latency_ms\":").append(millis(latencyNanos));
        out.append(",\"upstream_latency_ms\":");
        if (upstreamLatencyNanos < 0) {
            out.append("null");
        } else {
            out.append(millis(upstreamLatencyNanos));
        }
        return out.append('}').toString();
    }

    private static String millis(long nanos) {
        // Three decimals: microsecond resolution is what the latency numbers can honestly claim.
        long micros = nanos / 1_000;
        long whole = micros / 1_000;
        long fraction = micros % 1_000;
        return whole + "." + (fraction < 10 ? "00" : fraction < 100 ? "0" : "") + fraction;
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(",\"").append(name).append("\":");
        if (value == null) {
            out.append("null");
            return;
        }
        JsonText.appendQuoted(out, value);
    }
}
