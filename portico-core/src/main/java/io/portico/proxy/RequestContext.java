package io.portico.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.portico.observability.AccessLogEntry;
import java.util.Map;

/** Facts about one client request that several parts of the data path need, gathered once. */
final class RequestContext {

    private final HttpMethod method;
    private final HttpVersion version;
    private final String host;
    private final boolean keepAlive;
    private final String requestId;
    private final String peerIp;
    private final boolean peerTrusted;
    private final String clientIp;
    private final int listenerPort;
    private final long startNanos;
    private final long startEpochNanos;
    private final boolean latencyHeaders;
    private String path;
    private String query;
    private String route;
    private Map<String, String> pathParameters = Map.of();

    RequestContext(HttpRequest request, Peer peer, long startNanos, boolean latencyHeaders) {
        this.method = request.method();
        this.version = request.protocolVersion();
        this.host = request.headers().get(HttpHeaderNames.HOST);
        this.keepAlive = HttpUtil.isKeepAlive(request);
        String clientId = request.headers().get(ForwardedHeaders.X_REQUEST_ID);
        this.requestId = RequestIds.isAcceptable(clientId) ? clientId : RequestIds.generate();
        this.peerIp = peer.ip();
        this.peerTrusted = peer.trusted();
        this.clientIp = peerTrusted
                ? ClientAddresses.clientIpBehindTrustedPeer(peerIp,
                        request.headers().get(ForwardedHeaders.X_FORWARDED_FOR), peer.snapshot().trustedProxies())
                : peerIp;
        this.listenerPort = peer.listenerPort();
        this.startNanos = startNanos;
        java.time.Instant now = java.time.Instant.now();
        this.startEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        this.latencyHeaders = latencyHeaders;
    }

    HttpMethod method() {
        return method;
    }

    HttpVersion version() {
        return version;
    }

    /** The client's Host header (validated by the decoder), or null. */
    String host() {
        return host;
    }

    /** Whether the client asked to keep the connection (read before any header is rewritten). */
    boolean keepAlive() {
        return keepAlive;
    }

    String requestId() {
        return requestId;
    }

    String peerIp() {
        return peerIp;
    }

    boolean peerTrusted() {
        return peerTrusted;
    }

    String clientIp() {
        return clientIp;
    }

    int listenerPort() {
        return listenerPort;
    }

    long startNanos() {
        return startNanos;
    }

    /** When the request head arrived, in nanoseconds since the epoch (wall clock, microsecond precision). */
    long startEpochNanos() {
        return startEpochNanos;
    }

    /** Whether responses to this request carry the latency headers (proxy.latency_headers). */
    boolean latencyHeaders() {
        return latencyHeaders;
    }

    String path() {
        return path;
    }

    String query() {
        return query;
    }

    void setPath(String path, String query) {
        this.path = path;
        this.query = query;
    }

    void setRoute(String route, Map<String, String> pathParameters) {
        this.route = route;
        this.pathParameters = pathParameters;
    }

    /** The matched route path's variables (template names or regex groups); empty when none. */
    Map<String, String> pathParameters() {
        return pathParameters;
    }

    AccessLogEntry entry(String service, String target, int status, long bytesIn, long bytesOut, long upstreamLatencyNanos) {
        return new AccessLogEntry(startEpochNanos / 1_000_000, requestId, clientIp, method.name(), path, route, service, target,
                status, bytesIn, bytesOut, System.nanoTime() - startNanos, upstreamLatencyNanos);
    }
}
