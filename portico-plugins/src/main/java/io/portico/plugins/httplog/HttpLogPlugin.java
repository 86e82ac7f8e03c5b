package io.portico.plugins.httplog;

import io.portico.plugin.Completed;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.Plugin;
import io.portico.plugin.ResponseHead;
import io.portico.plugins.logging.LogEntry;
import io.portico.plugins.logging.LogFields;

/**
 * One configured http-log. Both phases run on the event loop and only copy values; the entry goes to
 * the shared sender without waiting, whatever state the endpoint is in.
 */
final class HttpLogPlugin implements Plugin {

    private final LogFields fields;
    private final HttpLogSender sender;

    HttpLogPlugin(LogFields fields, HttpLogSender sender) {
        this.fields = fields;
        this.sender = sender;
    }

    @Override
    public void responseHeaders(HttpExchange exchange, ResponseHead response) {
        LogEntry.captureResponse(exchange, response, fields);
    }

    @Override
    public void log(HttpExchange exchange, Completed completed) {
        sender.offer(LogEntry.capture(exchange, completed, fields));
    }

    HttpLogSender sender() {
        return sender;
    }
}
