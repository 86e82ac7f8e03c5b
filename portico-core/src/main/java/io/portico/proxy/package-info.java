/**
 * The data path: a client connection's {@link io.portico.proxy.DownstreamHandler}, one
 * {@link io.portico.proxy.ProxyExchange} per proxied request, upstream connections pooled per
 * (target, event loop), and the immutable {@link io.portico.proxy.GatewaySnapshot} compiled from a
 * configuration.
 *
 * <p>Threading: a client channel and every upstream channel it uses live on the same event loop
 * (upstream connections are opened on the client's loop and pooled per loop), so an exchange and
 * its two handlers need no locks. Nothing here may block.
 *
 * <p>ByteBuf ownership: request body chunks belong to the exchange from the moment the downstream
 * handler passes them on; the exchange either writes them upstream (the write takes ownership) or
 * releases them. Response chunks likewise belong to the exchange until written to the client.
 */
package io.portico.proxy;
