package io.portico.proxy;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * {@code X-Portico-Latency} and {@code X-Portico-Upstream-Latency}, in whole milliseconds as Kong's and
 * Envoy's equivalents are. On a proxied response the first is the time Portico spent before the first
 * try to reach the upstream (routing and plugins) and the second the time from that try to the response
 * head (connects and retries included); on an answer from Portico itself the first is the whole time.
 */
final class LatencyHeaders {

    static final AsciiString LATENCY = AsciiString.cached("x-portico-latency");
    static final AsciiString UPSTREAM_LATENCY = AsciiString.cached("x-portico-upstream-latency");

    private LatencyHeaders() {}

    static void setProxied(HttpHeaders headers, long startNanos, long firstAttemptNanos, long nowNanos) {
        headers.set(LATENCY, millis(firstAttemptNanos - startNanos));
        headers.set(UPSTREAM_LATENCY, millis(nowNanos - firstAttemptNanos));
    }

    static void setLocal(HttpHeaders headers, long startNanos, long nowNanos) {
        headers.set(LATENCY, millis(nowNanos - startNanos));
    }

    private static String millis(long nanos) {
        return Long.toString(Math.max(0, nanos / 1_000_000));
    }
}
