package io.portico.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;

/** Rewrites a client's request headers into what is sent upstream (DESIGN §4). */
final class ForwardedHeaders {

    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    static final AsciiString X_FORWARDED_PORT = AsciiString.cached("x-forwarded-port");
    static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");
    /** The headers a client or a proxy before Portico may send, which {@link #apply} keeps only from trusted peers. */
    static final List<AsciiString> CLIENT_CHAIN = List.of(X_FORWARDED_FOR, X_FORWARDED_PROTO, X_FORWARDED_HOST,
            X_FORWARDED_PORT);
    static final String VIA_VALUE = "1.1 portico";

    private ForwardedHeaders() {}

    /**
     * Rewrites {@code headers} in place. {@code peerTrusted} decides whether the client's own
     * X-Forwarded-For is kept and extended, or replaced by the peer address.
     */
    static void apply(
            HttpHeaders headers,
            String peerIp,
            boolean peerTrusted,
            String clientHost,
            int listenerPort,
            String upstreamHost,
            String requestId,
            boolean requestHasBody,
            boolean chunked) {
        String forwardedFor = headers.get(X_FORWARDED_FOR);
        HopByHopHeaders.remove(headers);
        if (peerTrusted && forwardedFor != null && !forwardedFor.isEmpty()) {
            headers.set(X_FORWARDED_FOR, forwardedFor + ", " + peerIp);
        } else {
            headers.set(X_FORWARDED_FOR, peerIp);
        }
        if (!peerTrusted || !headers.contains(X_FORWARDED_PROTO)) {
            headers.set(X_FORWARDED_PROTO, "http");
        }
        if (clientHost != null && (!peerTrusted || !headers.contains(X_FORWARDED_HOST))) {
            headers.set(X_FORWARDED_HOST, clientHost);
        } else if (!peerTrusted) {
            headers.remove(X_FORWARDED_HOST);
        }
        if (!peerTrusted || !headers.contains(X_FORWARDED_PORT)) {
            headers.setInt(X_FORWARDED_PORT, listenerPort);
        }
        appendVia(headers);
        headers.set(X_REQUEST_ID, requestId);
        if (upstreamHost != null) {
            headers.set(HttpHeaderNames.HOST, upstreamHost);
        }
        if (requestHasBody && chunked) {
            // Transfer-Encoding is hop-by-hop: the upstream leg is framed anew, streaming chunk by chunk.
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
        }
    }

    static void appendVia(HttpHeaders headers) {
        String via = headers.get(HttpHeaderNames.VIA);
        headers.set(HttpHeaderNames.VIA, via == null || via.isEmpty() ? VIA_VALUE : via + ", " + VIA_VALUE);
    }
}
