package io.portico.proxy;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.portico.http.InvalidPathException;
import io.portico.http.NormalizedTarget;
import io.portico.http.PathNormalizer;
import io.portico.http.RequestRejected;
import io.portico.http.StrictHttpRequestDecoder;
import io.portico.observability.AccessLogEntry;
import io.portico.routing.RouteMatch;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a client connection. Requests arrive one at a time (the decoder pauses after
 * each request until {@link StrictHttpRequestDecoder#resume()}), so pipelined requests are answered
 * in order. For each request head this handler normalizes the path, routes, and either answers
 * itself (errors, static routes) or starts a {@link ProxyExchange} (or an {@link AggregateExchange}).
 *
 * <p>Runs on the connection's event loop; all state is confined to it.
 */
public final class DownstreamHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(DownstreamHandler.class);

    private final ProxyRuntime runtime;
    private final StrictHttpRequestDecoder decoder;
    private final ClientTimeoutHandler timeouts;

    private ChannelHandlerContext ctx;
    private Peer peer;
    private Exchange current;
    private boolean requestDone = true;
    private boolean responseDone = true;
    private boolean reusable = true;

    public DownstreamHandler(ProxyRuntime runtime, StrictHttpRequestDecoder decoder, ClientTimeoutHandler timeouts) {
        this.runtime = runtime;
        this.decoder = decoder;
        this.timeouts = timeouts;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            onRequestHead(request);
        } else if (msg instanceof HttpContent content) {
            boolean last = content instanceof LastHttpContent;
            if (current != null) {
                current.onRequestContent(content);
            } else {
                content.release();
            }
            if (last) {
                requestDone = true;
                finishIfComplete();
            }
        } else if (msg instanceof RequestRejected rejected) {
            onRejected(rejected);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (current != null) {
            current.onClientReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (current != null) {
            current.onClientWritabilityChanged();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Exchange exchange = current;
        current = null;
        if (exchange != null) {
            exchange.abort("client closed the connection", ProxyExchange.CLIENT_CLOSED_STATUS);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            // Resets and broken pipes are routine; anything else is a bug worth a stack trace.
            log.warn("closing client connection {} after an unexpected error", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    private void onRequestHead(HttpRequest request) {
        long startNanos = System.nanoTime();
        timeouts.headReceived();
        requestDone = false;
        responseDone = false;
        GatewaySnapshot snapshot = runtime.snapshot();
        RequestContext context = new RequestContext(request, peer(snapshot), startNanos,
                snapshot.spec().proxy().latencyHeaders());
        runtime.requestReceived();
        reusable = context.keepAlive();

        NormalizedTarget target;
        try {
            target = PathNormalizer.normalize(request.uri());
        } catch (InvalidPathException e) {
            // Someone probing for a bypass; do not keep the conversation going.
            reusable = false;
            respondError(context, HttpResponseStatus.BAD_REQUEST, "bad_request", "unsafe or malformed path: " + e.getMessage(), null);
            return;
        }
        context.setPath(target.path(), target.query());
        RouteMatch<RouteTarget> match =
                snapshot.routes().match(context.host(), target.path(), request.method().name(), request.headers());
        if (match instanceof RouteMatch.Found<RouteTarget> found) {
            RouteTarget routeTarget = found.value();
            context.setRoute(routeTarget.routeName(), found.captures());
            if (routeTarget instanceof RouteTarget.Proxied proxied) {
                ExchangeView view = new ExchangeView(context, request, proxied.routeName(), proxied.service().name());
                ChainExecution chain = new ChainExecution(proxied.chains(), view, ctx.channel().eventLoop());
                ProxyExchange exchange =
                        new ProxyExchange(this, ctx, runtime, context, request, proxied, found.matchedLength(), chain);
                current = exchange;
                exchange.start();
            } else if (routeTarget instanceof RouteTarget.Aggregate aggregate) {
                ExchangeView view = new ExchangeView(context, request, aggregate.routeName(), null);
                ChainExecution chain = new ChainExecution(aggregate.chains(), view, ctx.channel().eventLoop());
                AggregateExchange exchange = new AggregateExchange(this, ctx.channel().eventLoop(), runtime, context,
                        request, aggregate, chain);
                current = exchange;
                exchange.start();
            } else if (routeTarget.chains().base().isEmpty()) {
                respond(context, ((RouteTarget.Static) routeTarget).newResponse(), null);
            } else {
                ExchangeView view = new ExchangeView(context, request, routeTarget.routeName(), null);
                ChainExecution chain = new ChainExecution(routeTarget.chains(), view, ctx.channel().eventLoop());
                LocalExchange exchange = new LocalExchange(this, context, (RouteTarget.Static) routeTarget, chain);
                current = exchange;
                exchange.start();
            }
        } else if (match instanceof RouteMatch.MethodNotAllowed<RouteTarget> notAllowed) {
            FullHttpResponse response = ErrorResponses.json(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    "method " + request.method().name() + " is not allowed here", context.requestId());
            response.headers().set(HttpHeaderNames.ALLOW, String.join(", ", notAllowed.allowedMethods()));
            respond(context, response, null);
        } else {
            respondError(context, HttpResponseStatus.NOT_FOUND, "no_route", "no route matches this request", null);
        }
    }

    private void onRejected(RequestRejected rejected) {
        HttpResponseStatus status = rejected.status();
        Exchange exchange = current;
        current = null;
        if (exchange != null) {
            exchange.abort("request rejected: " + rejected.reason(), status.code());
            if (exchange.responseStarted()) {
                ctx.close();
                return;
            }
        } else if (!responseDone) {
            // A local response is already on its way; the connection closes after it.
            reusable = false;
            requestDone = true;
            finishIfComplete();
            return;
        } else if (runtime.accessLog().isEnabled()) {
            runtime.accessLog().log(new AccessLogEntry(System.currentTimeMillis(), null, peer(runtime.snapshot()).ip(), null, null, null,
                    null, null, status.code(), 0, 0, 0, -1));
        }
        reusable = false;
        requestDone = true;
        FullHttpResponse response = ErrorResponses.json(status, ErrorResponses.codeFor(status), rejected.reason(), null);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** The connection's peer, worked out once per connection (and again only when trusted_proxies may have changed). */
    private Peer peer(GatewaySnapshot snapshot) {
        Peer known = peer;
        if (known == null || known.snapshot() != snapshot) {
            known = Peer.of(ctx.channel(), snapshot);
            peer = known;
        }
        return known;
    }

    /** Sends a JSON error for the current request (no exchange, or one that has not answered yet). */
    void respondError(RequestContext context, HttpResponseStatus status, String error, String message, String service) {
        respond(context, ErrorResponses.json(status, error, message, context.requestId()), service, null, 0);
    }

    /** Sends a complete response for the current request and logs it. */
    void respond(RequestContext context, FullHttpResponse response, String service) {
        respond(context, response, service, null, 0);
    }

    /** Sends a complete response for the current request and logs it with the exchange's details. */
    void respond(RequestContext context, FullHttpResponse response, String service, String target, long bytesIn) {
        // An unread request body is read and discarded before the next request (the decoder bounds it by
        // max_body_size); closing instead could reset the connection before the client reads this answer.
        current = null;
        boolean keepAlive = reusable && !runtime.isDraining();
        prepareConnectionHeader(response, context.version(), keepAlive);
        if (context.latencyHeaders()) {
            LatencyHeaders.setLocal(response.headers(), context.startNanos(), System.nanoTime());
        }
        int status = response.status().code();
        long bytesOut = response.content().readableBytes();
        if (context.method().equals(HttpMethod.HEAD)) {
            response.content().clear();
        }
        ctx.writeAndFlush(response).addListener(future -> {
            if (future.isSuccess()) {
                responseComplete(keepAlive);
            } else {
                ctx.close();
            }
        });
        if (runtime.accessLog().isEnabled()) {
            runtime.accessLog().log(context.entry(service, target, status, bytesIn, bytesOut, -1));
        }
    }

    /** Logs a request that ended without a response (the client went away). */
    void logAborted(RequestContext context, int status, long bytesIn) {
        if (runtime.accessLog().isEnabled()) {
            runtime.accessLog().log(context.entry(null, null, status, bytesIn, 0, -1));
        }
    }

    static void prepareConnectionHeader(HttpResponse response, HttpVersion clientVersion, boolean keepAlive) {
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (clientVersion.equals(HttpVersion.HTTP_1_0)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    /** Called (on the event loop) when the whole response has been written to the client. */
    void responseComplete(boolean connectionReusable) {
        responseDone = true;
        reusable &= connectionReusable;
        finishIfComplete();
    }

    /** Called by an exchange that has ended and will not touch the connection again. */
    void exchangeEnded(Exchange exchange) {
        if (current == exchange) {
            current = null;
        }
    }

    boolean isDraining() {
        return runtime.isDraining();
    }

    private void finishIfComplete() {
        if (!requestDone || !responseDone) {
            return;
        }
        current = null;
        if (!reusable || runtime.isDraining() || !ctx.channel().isActive()) {
            ctx.close();
            return;
        }
        timeouts.awaitingRequest();
        decoder.resume();
        if (current != null) {
            // resume() may have decoded a buffered (pipelined) request outside any read cycle, so no
            // channelReadComplete will come to flush what it wrote upstream.
            current.onClientReadComplete();
        }
    }

    /** For graceful shutdown: true when no request is being read or answered. */
    public boolean isIdle() {
        return requestDone && responseDone;
    }
}
