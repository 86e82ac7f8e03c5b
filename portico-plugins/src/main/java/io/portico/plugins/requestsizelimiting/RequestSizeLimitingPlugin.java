package io.portico.plugins.requestsizelimiting;

import io.portico.plugin.Action;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.Plugin;

/**
 * Refuses a declared body above the limit at once, and caps a chunked one as it streams (the core
 * answers 413 and never completes the upstream request). Runs on the event loop; stateless.
 */
final class RequestSizeLimitingPlugin implements Plugin {

    /** The same words the core uses when a streaming body crosses the limit. */
    private static final Action.Respond TOO_LARGE =
            Action.error(413, "payload_too_large", "the request body is larger than this route allows");
    private static final Action.Respond LENGTH_REQUIRED =
            Action.error(411, "length_required", "a request body needs a Content-Length header on this route");

    private final long maxBytes;
    private final boolean requireContentLength;

    RequestSizeLimitingPlugin(RequestSizeLimitingConfig config) {
        this.maxBytes = config.maxBytes();
        this.requireContentLength = config.requireContentLength();
    }

    @Override
    public Action access(HttpExchange exchange) {
        long declared = exchange.requestContentLength();
        if (declared < 0 && requireContentLength) {
            return LENGTH_REQUIRED;
        }
        if (declared > maxBytes) {
            return TOO_LARGE;
        }
        exchange.limitRequestBody(maxBytes);
        return Action.proceed();
    }
}
