/**
 * Strict HTTP/1.1 wire parsing: {@link io.portico.http.StrictHttpRequestDecoder} for client requests,
 * {@link io.portico.http.StrictHttpResponseDecoder} for upstream responses, and
 * {@link io.portico.http.PathNormalizer} for request-target normalization.
 *
 * <p>Netty's own decoders tolerate ambiguous framing (obs-fold, bare LF, repeated Content-Length,
 * Transfer-Encoding lists) that enables request smuggling through a proxy, so these decoders accept
 * exactly the RFC 9112 grammar and reject everything else with a {@link io.portico.http.RequestRejected}
 * or {@link io.portico.http.ResponseRejected} message, after which the connection's input is ignored.
 *
 * <p>Ownership: both decoders emit body chunks as retained slices of the received buffers; whoever
 * receives an {@code HttpContent} releases it. All methods run on the channel's event loop.
 */
package io.portico.http;
