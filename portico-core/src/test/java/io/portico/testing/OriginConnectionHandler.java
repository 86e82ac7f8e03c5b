package io.portico.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one connection's requests (streaming each body into a count and a digest), records them and runs
 * the programmed behaviour. Requests are answered one at a time, in order: while a response is being
 * written, further decoded messages wait in {@link #pending} and reading from the socket is paused.
 *
 * <p>Runs on the origin's event loop only. Owns every message it is given: released once handled.
 */
final class OriginConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BAD_REQUEST =
            "HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final TestOrigin origin;
    private final int connection;
    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    private boolean responding;
    private boolean broken;

    private HttpRequest request;
    private Map<String, List<String>> headers;
    private MessageDigest digest;
    private long bodyLength;
    private ByteArrayOutputStream keptBody;

    OriginConnectionHandler(TestOrigin origin, int connection) {
        this.origin = origin;
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (responding) {
            pending.add(msg);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        handle(ctx, msg);
    }

    private void handle(ChannelHandlerContext ctx, Object msg) {
        try {
            if (broken) {
                return;
            }
            if (msg instanceof HttpRequest head) {
                if (head.decoderResult().isFailure()) {
                    rejectMalformed(ctx);
                    return;
                }
                begin(ctx, head);
            }
            if (msg instanceof HttpContent content) {
                if (content.decoderResult().isFailure()) {
                    rejectMalformed(ctx);
                    return;
                }
                if (request != null) {
                    consume(content.content());
                    if (msg instanceof LastHttpContent) {
                        complete(ctx);
                    }
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void begin(ChannelHandlerContext ctx, HttpRequest head) {
        request = head;
        headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : head.headers()) {
            headers.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                    .add(header.getValue());
        }
        digest = TestOrigin.sha256();
        bodyLength = 0;
        keptBody = new ByteArrayOutputStream();
        if (HttpUtil.is100ContinueExpected(head)) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(CONTINUE));
        }
    }

    private void consume(ByteBuf content) {
        int readable = content.readableBytes();
        if (readable == 0) {
            return;
        }
        bodyLength += readable;
        for (ByteBuffer part : content.nioBuffers()) {
            digest.update(part);
        }
        if (keptBody != null) {
            if (bodyLength < RecordedRequest.KEPT_BODY_LIMIT) {
                keptBody.writeBytes(ByteBufUtil.getBytes(content));
            } else {
                keptBody = null;
            }
        }
    }

    private void complete(ChannelHandlerContext ctx) {
        HttpRequest head = request;
        RecordedRequest recorded = new RecordedRequest(
                connection,
                head.method().name(),
                head.uri(),
                head.protocolVersion().text(),
                headers,
                bodyLength,
                HexFormat.of().formatHex(digest.digest()),
                keptBody == null ? new byte[0] : keptBody.toByteArray());
        request = null;
        headers = null;
        digest = null;
        keptBody = null;
        origin.record(recorded);
        respond(ctx, recorded, HttpUtil.isKeepAlive(head));
    }

    private void respond(ChannelHandlerContext ctx, RecordedRequest recorded, boolean keepAlive) {
        responding = true;
        OriginBehaviour behaviour = origin.behaviourFor(recorded.path());
        if (behaviour instanceof Reply reply) {
            new ReplyWriter(ctx, reply, recorded, keepAlive, this).start();
        } else if (behaviour instanceof RawReply raw) {
            ChannelFutureListener next = raw.closeAfter()
                    ? ChannelFutureListener.CLOSE
                    : future -> finished(ctx, keepAlive);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(raw.bytes())).addListener(next);
        } else if (behaviour instanceof OriginBehaviour.HealthReply) {
            Reply health = origin.isHealthy()
                    ? Reply.status(200).header("content-type", "application/json").body("{\"status\":\"up\"}")
                    : Reply.status(503).header("content-type", "application/json").body("{\"status\":\"down\"}");
            new ReplyWriter(ctx, health, recorded, keepAlive, this).start();
        } else {
            reset(ctx);
        }
    }

    /** Called on the event loop when a response is complete and the connection may carry another. */
    void finished(ChannelHandlerContext ctx, boolean keepAlive) {
        responding = false;
        if (!keepAlive) {
            ctx.close();
            return;
        }
        Object next;
        while (!responding && (next = pending.poll()) != null) {
            handle(ctx, next);
        }
        if (!responding && ctx.channel().isActive()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** Closes with SO_LINGER 0: the peer gets an RST instead of a FIN. */
    static void reset(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
        }
        ctx.close();
    }

    private void rejectMalformed(ChannelHandlerContext ctx) {
        broken = true;
        request = null;
        ctx.writeAndFlush(Unpooled.wrappedBuffer(BAD_REQUEST)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Object msg;
        while ((msg = pending.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Clients of a misbehaving origin reset and abandon connections on purpose; nothing to report.
        ctx.close();
    }
}
