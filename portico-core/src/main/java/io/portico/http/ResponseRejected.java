package io.portico.http;

/**
 * Fired by {@link StrictHttpResponseDecoder} when an upstream response is malformed, ambiguous, too large,
 * unexpected or truncated by the connection closing. It may follow a response head and part of its body;
 * the proxy must then treat the exchange as failed (502) and close the upstream connection. The decoder
 * ignores all later input.
 *
 * @param reason a short human phrase such as "upstream closed mid-body"
 */
public record ResponseRejected(String reason) {}
