package io.portico.plugins.opentelemetry;

import io.portico.plugin.AttemptResult;
import io.portico.plugin.Completed;
import io.portico.plugin.Consumer;
import io.portico.plugin.HttpExchange;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Builds a request's spans, in the log phase, with the names and attributes of OpenTelemetry's HTTP
 * semantic conventions plus Portico's own ({@code portico.*}): the server span covers the request from
 * its head to the end of its response; each upstream try is a client span, its child.
 */
final class HttpSpans {

    /** Methods the conventions know; any other is recorded as {@code _OTHER}, with the original alongside. */
    private static final Set<String> KNOWN_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");
    private static final String OTHER_METHOD = "_OTHER";

    private HttpSpans() {}

    static Span server(RequestTrace trace, HttpExchange exchange, Completed completed) {
        String method = exchange.method();
        boolean known = KNOWN_METHODS.contains(method);
        List<SpanAttribute> attributes = new ArrayList<>(16);
        method(attributes, method, known);
        attributes.add(SpanAttribute.of("url.path", exchange.path()));
        // Portico listens on plain HTTP only; the plugin API has no scheme to read yet.
        attributes.add(SpanAttribute.of("url.scheme", "http"));
        if (exchange.host() != null) {
            attributes.add(SpanAttribute.of("server.address", exchange.host()));
        }
        attributes.add(SpanAttribute.of("client.address", exchange.clientIp()));
        if (trace.userAgent() != null) {
            attributes.add(SpanAttribute.of("user_agent.original", trace.userAgent()));
        }
        attributes.add(SpanAttribute.of("network.protocol.version", protocolVersion(exchange.protocolVersion())));
        int status = completed.status();
        attributes.add(SpanAttribute.of("http.response.status_code", status));
        boolean failed = status >= 500;
        if (failed) {
            attributes.add(SpanAttribute.of("error.type", Integer.toString(status)));
        }
        attributes.add(SpanAttribute.of("portico.route", exchange.routeName()));
        if (exchange.serviceName() != null) {
            attributes.add(SpanAttribute.of("portico.service", exchange.serviceName()));
        }
        Consumer consumer = exchange.consumer();
        if (consumer != null) {
            attributes.add(SpanAttribute.of("portico.consumer", consumer.username()));
        }
        attributes.add(SpanAttribute.of("portico.request_id", exchange.requestId()));
        long start = completed.receivedAtEpochNanos();
        return new Span(trace.traceIdHigh(), trace.traceIdLow(), trace.serverSpanId(), trace.parentSpanId(),
                trace.traceState(), (known ? method : "HTTP") + " " + exchange.routeName(), SpanKind.SERVER, start,
                start + completed.durationNanos(), attributes, failed ? SpanStatus.ERROR : SpanStatus.UNSET, null);
    }

    static Span client(RequestTrace trace, HttpExchange exchange, Completed completed, AttemptResult attempt) {
        String method = exchange.method();
        boolean known = KNOWN_METHODS.contains(method);
        List<SpanAttribute> attributes = new ArrayList<>(10);
        method(attributes, method, known);
        String target = attempt.target();
        int colon = target.lastIndexOf(':');
        String host = colon < 0 ? target : target.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        attributes.add(SpanAttribute.of("server.address", host));
        long port = colon < 0 ? -1 : port(target.substring(colon + 1));
        if (port >= 0) {
            attributes.add(SpanAttribute.of("server.port", port));
        }
        // Without the query, which may carry credentials.
        attributes.add(SpanAttribute.of("url.full", "http://" + target + trace.upstreamPath()));
        if (attempt.status() > 0) {
            attributes.add(SpanAttribute.of("http.response.status_code", attempt.status()));
        }
        if (attempt.number() > 1) {
            attributes.add(SpanAttribute.of("http.request.resend_count", attempt.number() - 1));
        }
        String errorType = attempt.failure() != null ? attempt.failure()
                : attempt.status() >= 500 ? Integer.toString(attempt.status()) : null;
        if (errorType != null) {
            attributes.add(SpanAttribute.of("error.type", errorType));
        }
        long start = completed.receivedAtEpochNanos() + attempt.startOffsetNanos();
        return new Span(trace.traceIdHigh(), trace.traceIdLow(), trace.clientSpanId(attempt.number()),
                trace.serverSpanId(), trace.traceState(), known ? method : "HTTP", SpanKind.CLIENT, start,
                start + attempt.durationNanos(), attributes, errorType != null ? SpanStatus.ERROR : SpanStatus.UNSET,
                attempt.failure());
    }

    private static void method(List<SpanAttribute> attributes, String method, boolean known) {
        attributes.add(SpanAttribute.of("http.request.method", known ? method : OTHER_METHOD));
        if (!known) {
            attributes.add(SpanAttribute.of("http.request.method_original", method));
        }
    }

    private static long port(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@code HTTP/1.1} is {@code 1.1} in the conventions, {@code HTTP/2.0} is {@code 2}. */
    static String protocolVersion(String version) {
        String number = version.startsWith("HTTP/") ? version.substring(5) : version;
        return number.endsWith(".0") && !number.equals("1.0") ? number.substring(0, number.length() - 2) : number;
    }
}
