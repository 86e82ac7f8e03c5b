package io.portico.admin;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one admin connection's requests, one at a time: token first (except for the health endpoints),
 * then {@link AdminApi}. Runs on the admin event loop; the aggregator before it bounds what a request may
 * hold.
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final String CHALLENGE = "Bearer realm=\"portico-admin\"";

    private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);

    private final AdminToken token;
    private final AdminApi api;
    /** Completes when every answer so far is written; only touched on the connection's event loop. */
    private CompletableFuture<Void> written = CompletableFuture.completedFuture(null);

    AdminHandler(AdminToken token, AdminApi api) {
        this.token = token;
        this.api = api;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String requestId = requestId();
        // What the answer needs of the request, read now: the request is released when this returns.
        boolean head = request.method().equals(HttpMethod.HEAD);
        HttpVersion version = request.protocolVersion();
        if (request.decoderResult().isFailure()) {
            AdminResponse malformed = AdminResponse.error(400, "bad_request", "malformed HTTP request", requestId);
            write(ctx, head, version, malformed, requestId, false);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        // The health endpoints answer without the token: orchestrators probe them, and they tell nothing else.
        AdminToken.Verdict verdict = AdminApi.isPublic(request.uri()) ? AdminToken.Verdict.ACCEPTED
                : token.check(request.headers().get(HttpHeaderNames.AUTHORIZATION));
        CompletionStage<AdminResponse> response = switch (verdict) {
            case ACCEPTED -> api.handle(request.method().name(), request.uri(), ByteBufUtil.getBytes(request.content()),
                    requestId);
            case MISSING -> CompletableFuture.completedFuture(AdminResponse.error(401, "unauthorized",
                    "the admin API needs a token: Authorization: Bearer <admin.token>", requestId)
                    .withHeader("WWW-Authenticate", CHALLENGE));
            case INVALID -> CompletableFuture.completedFuture(
                    AdminResponse.error(401, "unauthorized", "invalid admin token", requestId)
                            .withHeader("WWW-Authenticate", CHALLENGE + ", error=\"invalid_token\""));
        };
        // Some answers complete later (a usage read from Redis, a scrape on the worker); each is written on the connection's event
        // loop after the answers before it, so pipelined requests are answered in order.
        CompletableFuture<AdminResponse> answer = response.toCompletableFuture();
        written = CompletableFuture.allOf(written, answer).handleAsync((ignored, failure) -> {
            if (answer.isCompletedExceptionally()) {
                log.warn("admin request {} failed", requestId, answer.handle((ok, error) -> error).join());
                write(ctx, head, version, AdminResponse.error(500, "internal_error", "the admin API failed", requestId),
                        requestId, false);
            } else {
                write(ctx, head, version, answer.join(), requestId, keepAlive);
            }
            return null;
        }, ctx.executor());
    }

    private static void write(ChannelHandlerContext ctx, boolean head, HttpVersion version, AdminResponse answer,
                              String requestId, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(answer.status()),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(answer.body()));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set("X-Request-Id", requestId);
        for (Map.Entry<String, String> header : answer.headers().entrySet()) {
            response.headers().set(header.getKey(), header.getValue());
        }
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            if (version.equals(HttpVersion.HTTP_1_0)) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
            ctx.writeAndFlush(response);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            log.warn("closing admin connection {} after an unexpected error", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    /** 32 hex digits, for the error documents and the response header. */
    private static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("%016x%016x", random.nextLong(), random.nextLong());
    }
}
