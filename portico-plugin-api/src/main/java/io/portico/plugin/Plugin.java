package io.portico.plugin;

/**
 * One configured plugin. Only the methods of the phases its {@link PluginType} declares are called,
 * always on the request's event loop: they must not block (see {@link Action#await}). An instance
 * serves every request of the routes it applies to, concurrently on several event loops, so keep
 * per-request state in {@link HttpExchange#attribute} and shared state thread-safe.
 */
public interface Plugin {

    /**
     * The plugin as it serves one route, asked once per route (and configuration) when chains are
     * compiled, off the event loops. A plugin that records per-route metrics returns a copy holding
     * that route's handles; the default serves every route with this instance.
     */
    default Plugin forRoute(RouteInfo route) {
        return this;
    }

    default Action rewrite(HttpExchange exchange) {
        return Action.proceed();
    }

    default Action authenticate(HttpExchange exchange) {
        return Action.proceed();
    }

    default Action access(HttpExchange exchange) {
        return Action.proceed();
    }

    default Action upstreamRequest(HttpExchange exchange) {
        return Action.proceed();
    }

    /** The largest request body {@link #requestBody} accepts; a larger one is answered with 413. */
    default int maxRequestBodyBytes() {
        return 1024 * 1024;
    }

    /**
     * Rewrites a proxied request's whole body, after {@link #upstreamRequest}; returns the new body (or the
     * same array). Only requests with a body get here; the core sets the new Content-Length.
     */
    default byte[] requestBody(HttpExchange exchange, byte[] body) {
        return body;
    }

    /**
     * Before each try to reach the upstream (retries included), after {@link #upstreamRequest}; may
     * set headers for that try only, such as a trace's client span. It cannot stop the request.
     */
    default void upstreamAttempt(HttpExchange exchange, UpstreamAttempt attempt) {}

    /**
     * The upstream failed: Portico is about to answer with its own error (502, 503 or 504: unreachable,
     * timed out, circuit open), or the upstream's final response is 500, 502, 503 or 504 and none of it
     * has reached the client yet. A plugin of the {@code response_headers} phase may answer instead (a
     * cache serving a stale copy under {@code stale-if-error}); null keeps the error. The first plugin,
     * in phase order, that answers wins, and its answer then goes through {@link #responseHeaders} as a
     * response of Portico's own. Runs on the request's event loop.
     */
    default Action.Respond recover(HttpExchange exchange, int status) {
        return null;
    }

    /** Adjusts the head of every response: proxied, errors and plugin answers alike. */
    default void responseHeaders(HttpExchange exchange, ResponseHead response) {}

    /** The largest response body {@link #responseBody} accepts; a larger one is answered with 502. */
    default int maxResponseBodyBytes() {
        return 1024 * 1024;
    }

    /** Rewrites a proxied response's whole body; returns the new body (or the same array). */
    default byte[] responseBody(HttpExchange exchange, ResponseHead response, byte[] body) {
        return body;
    }

    /** After the response is complete (or the client went away). */
    default void log(HttpExchange exchange, Completed completed) {}
}
