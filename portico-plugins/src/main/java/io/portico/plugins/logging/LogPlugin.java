package io.portico.plugins.logging;

import io.portico.plugin.Completed;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.ResponseHead;
import java.util.Set;

/**
 * One configured file-log or http-log. Both phases run on the event loop and only copy values: the
 * response's headers when they are about to be sent, the rest when the request is complete; the entry
 * goes to the shared sink without waiting, whatever state its file or endpoint is in.
 */
public final class LogPlugin implements Plugin {

    /** response_headers copies the response's headers as they are sent; log records the request. */
    public static final Set<Phase> PHASES = Set.of(Phase.RESPONSE_HEADERS, Phase.LOG);

    private final LogFields fields;
    private final LogSink sink;

    public LogPlugin(LogFields fields, LogSink sink) {
        this.fields = fields;
        this.sink = sink;
    }

    @Override
    public void responseHeaders(HttpExchange exchange, ResponseHead response) {
        LogEntry.captureResponse(exchange, response, fields);
    }

    @Override
    public void log(HttpExchange exchange, Completed completed) {
        sink.offer(LogEntry.capture(exchange, completed, fields));
    }

    /** Where this plugin's entries go (shared with the other places that name the same destination). */
    public LogSink sink() {
        return sink;
    }
}
