package io.portico.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Writes one {@link Reply}: headers after the header delay, then the body one chunk at a time, the next chunk
 * only once the previous one reached the socket (so a slow reader holds back the origin, and memory stays at
 * one chunk), with the chunk delay between them; then a reset, a close or the next request.
 *
 * <p>Runs on the connection's event loop; all delays are scheduled on it, never slept.
 */
final class ReplyWriter implements ChannelFutureListener {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChannelHandlerContext ctx;
    private final Reply reply;
    private final RecordedRequest request;
    private final boolean keepAlive;
    private final OriginConnectionHandler connection;

    private byte[] fixedBody;
    private long total;
    private long sent;
    private boolean bodyDone;

    ReplyWriter(ChannelHandlerContext ctx, Reply reply, RecordedRequest request, boolean keepAlive,
            OriginConnectionHandler connection) {
        this.ctx = ctx;
        this.reply = reply;
        this.request = request;
        this.keepAlive = keepAlive && !reply.closesConnection();
        this.connection = connection;
    }

    void start() {
        if (reply.headerDelay().isZero()) {
            writeHead();
        } else {
            ctx.executor().schedule(this::writeHead, reply.headerDelay().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void writeHead() {
        if (!ctx.channel().isActive()) {
            return;
        }
        ReplyBody body = reply.body();
        if (body instanceof ReplyBody.Generated generated) {
            total = generated.length();
        } else {
            fixedBody = body instanceof ReplyBody.Fixed fixed ? fixed.bytes() : describe(request);
            total = fixedBody.length;
        }
        StringBuilder head = new StringBuilder(256)
                .append("HTTP/1.1 ")
                .append(reply.status())
                .append(' ')
                .append(HttpResponseStatus.valueOf(reply.status()).reasonPhrase())
                .append("\r\n");
        for (Map.Entry<String, String> header : reply.headers()) {
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        if (reply.chunkedEncoding()) {
            if (!reply.hasHeader("transfer-encoding")) {
                head.append("transfer-encoding: chunked\r\n");
            }
        } else if (!reply.hasHeader("content-length")) {
            head.append("content-length: ").append(total).append("\r\n");
        }
        if (!keepAlive && !reply.hasHeader("connection")) {
            head.append("connection: close\r\n");
        }
        head.append("\r\n");
        ByteBuf buf = ctx.alloc().buffer(head.length());
        buf.writeCharSequence(head, StandardCharsets.ISO_8859_1);
        ChannelFuture written = ctx.writeAndFlush(buf);
        if (reply.closesAfterHeaders()) {
            written.addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if ("HEAD".equals(request.method())) {
            bodyDone = true;
        }
        written.addListener(this);
    }

    /** After each write: reset, finish, or write the next chunk (now or after the chunk delay). */
    @Override
    public void operationComplete(ChannelFuture future) {
        if (!future.isSuccess()) {
            ctx.close();
            return;
        }
        if (reply.resetAfterBodyBytes() >= 0 && sent >= reply.resetAfterBodyBytes()) {
            OriginConnectionHandler.reset(ctx);
        } else if (bodyDone) {
            connection.finished(ctx, keepAlive);
        } else if (sent == 0 || reply.chunkDelay().isZero()) {
            writeChunk();
        } else {
            ctx.executor().schedule(this::writeChunk, reply.chunkDelay().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void writeChunk() {
        if (!ctx.channel().isActive()) {
            return;
        }
        long limit = reply.resetAfterBodyBytes() >= 0 ? Math.min(total, reply.resetAfterBodyBytes()) : total;
        int n = (int) Math.min(reply.chunkSize(), limit - sent);
        ByteBuf buf = ctx.alloc().buffer(n + 32);
        if (reply.chunkedEncoding() && n > 0) {
            buf.writeCharSequence(Integer.toHexString(n), StandardCharsets.US_ASCII);
            buf.writeShort(0x0d0a);
        }
        if (fixedBody != null) {
            buf.writeBytes(fixedBody, (int) sent, n);
        } else {
            TestOrigin.writeGenerated(buf, sent, n);
        }
        if (reply.chunkedEncoding() && n > 0) {
            buf.writeShort(0x0d0a);
        }
        sent += n;
        if (sent == total) {
            if (reply.chunkedEncoding()) {
                buf.writeCharSequence("0\r\n\r\n", StandardCharsets.US_ASCII);
            }
            bodyDone = true;
        }
        ctx.writeAndFlush(buf).addListener(this);
    }

    private static byte[] describe(RecordedRequest request) {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("method", request.method());
        description.put("uri", request.uri());
        description.put("version", request.version());
        description.put("headers", request.headers());
        description.put("body_length", request.bodyLength());
        description.put("body_sha256", request.bodySha256());
        description.put("connection", request.connection());
        try {
            return JSON.writeValueAsBytes(description);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("strings and numbers always serialise", e);
        }
    }
}
