package io.portico.plugins.filelog;

import io.portico.plugin.Completed;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.Plugin;
import io.portico.plugin.ResponseHead;
import io.portico.plugins.logging.LogEntry;
import io.portico.plugins.logging.LogFields;

/**
 * One configured file-log. Both phases run on the event loop and only copy values: the response's
 * headers when they are about to be sent, the rest when the request is complete, and the entry goes
 * to the file's writer without waiting.
 */
final class FileLogPlugin implements Plugin {

    private final LogFields fields;
    private final FileLogWriter writer;

    FileLogPlugin(LogFields fields, FileLogWriter writer) {
        this.fields = fields;
        this.writer = writer;
    }

    @Override
    public void responseHeaders(HttpExchange exchange, ResponseHead response) {
        LogEntry.captureResponse(exchange, response, fields);
    }

    @Override
    public void log(HttpExchange exchange, Completed completed) {
        writer.offer(LogEntry.capture(exchange, completed, fields));
    }

    FileLogWriter writer() {
        return writer;
    }
}
