package io.portico.plugins.correlationid;

/**
 * The {@code correlation-id} config.
 *
 * @param headerName     the header that carries the id, as written
 * @param generator      {@code uuid}, {@code uuid#counter} or {@code tracker}
 * @param echoDownstream whether the response carries the id back to the client
 */
record CorrelationIdConfig(String headerName, String generator, boolean echoDownstream) {}
