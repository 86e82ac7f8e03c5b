package io.portico.plugins.logging;

import io.portico.plugin.AttributeKey;
import io.portico.plugin.Completed;
import io.portico.plugin.Consumer;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.ResponseHead;

/**
 * One request as a log plugin records it: plain values copied from the exchange on its event loop, so
 * that the entry can cross to a writer thread. Nothing is formatted or masked here; {@link LogJson}
 * does that off the event loop. Holds secrets until then, so it has no {@code toString} of its fields.
 */
public final class LogEntry {

    /** The response head as the log plugins saw it in the response_headers phase; shared by file-log and http-log. */
    private static final AttributeKey<CapturedHeaders> RESPONSE_HEADERS = AttributeKey.named("logging.response-headers");

    final LogFields fields;
    final Completed completed;
    final String requestId;
    final String clientIp;
    final String method;
    final String path;
    final String query;
    final String host;
    final String route;
    final String service;
    final String consumer;
    /** Null when the entry leaves headers out. */
    final CapturedHeaders requestHeaders;
    final CapturedHeaders responseHeaders;

    private LogEntry(HttpExchange exchange, Completed completed, LogFields fields) {
        this.fields = fields;
        this.completed = completed;
        this.requestId = exchange.requestId();
        this.clientIp = exchange.clientIp();
        this.method = exchange.method();
        this.path = exchange.path();
        this.query = exchange.query();
        this.host = exchange.host();
        this.route = exchange.routeName();
        this.service = exchange.serviceName();
        Consumer who = exchange.consumer();
        this.consumer = who == null ? null : who.username();
        if (fields.includeHeaders()) {
            this.requestHeaders = CapturedHeaders.of(exchange.requestHeaders());
            CapturedHeaders response = exchange.attribute(RESPONSE_HEADERS);
            this.responseHeaders = response == null ? CapturedHeaders.NONE : response;
        } else {
            this.requestHeaders = null;
            this.responseHeaders = null;
        }
    }

    /**
     * In the response_headers phase: copies the response's headers for the entry. Each call replaces
     * the previous copy, so the entry has the head that was sent (a proxied head that a later failure
     * replaced with a 502 is not the one logged).
     */
    public static void captureResponse(HttpExchange exchange, ResponseHead response, LogFields fields) {
        if (fields.includeHeaders()) {
            exchange.setAttribute(RESPONSE_HEADERS, CapturedHeaders.of(response.headers()));
        }
    }

    /** In the log phase, on the event loop: everything the entry needs, copied. */
    public static LogEntry capture(HttpExchange exchange, Completed completed, LogFields fields) {
        return new LogEntry(exchange, completed, fields);
    }

    public String requestId() {
        return requestId;
    }
}
