/**
 * The {@code request-size-limiting} plugin: answers 413 to request bodies above a size. A declared
 * length is judged at once; a chunked body is capped through {@link
 * io.portico.plugin.HttpExchange#limitRequestBody}, which the core enforces while the body streams.
 */
package io.portico.plugins.requestsizelimiting;
