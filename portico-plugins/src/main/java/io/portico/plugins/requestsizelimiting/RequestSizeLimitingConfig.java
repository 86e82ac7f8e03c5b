package io.portico.plugins.requestsizelimiting;

/**
 * The {@code request-size-limiting} config.
 *
 * @param maxBytes             the largest body allowed
 * @param requireContentLength whether a body without a declared length (chunked) is refused with 411
 */
record RequestSizeLimitingConfig(long maxBytes, boolean requireContentLength) {}
