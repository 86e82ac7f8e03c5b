package io.portico.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Fired by {@link StrictHttpRequestDecoder} when a request violates the HTTP/1.1 grammar or a limit.
 * It may follow a request head and some of its body (a chunked body found malformed or too large midway).
 * The decoder ignores all later input; the handler answers with {@code status} and closes.
 *
 * @param status the status to answer with (400, 413, 414, 431, 501 or 505)
 * @param reason a short human phrase such as "repeated Content-Length"
 */
public record RequestRejected(HttpResponseStatus status, String reason) {}
