package io.portico.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.portico.json.JsonText;
import java.nio.charset.StandardCharsets;

/**
 * The JSON errors of DESIGN §4: {@code {"status":404,"error":"no_route","message":"…","request_id":"…"}}.
 * Never a stack trace; messages are fixed phrases chosen by Portico, never echoes of request data
 * beyond what is safe to show.
 */
public final class ErrorResponses {

    private ErrorResponses() {}

    /** The error code for a status when the caller has nothing more specific. */
    public static String codeFor(HttpResponseStatus status) {
        return switch (status.code()) {
            case 400 -> "bad_request";
            case 404 -> "no_route";
            case 405 -> "method_not_allowed";
            case 408 -> "request_timeout";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            case 501 -> "not_implemented";
            case 502 -> "bad_gateway";
            case 503 -> "service_unavailable";
            case 504 -> "upstream_timeout";
            case 505 -> "http_version_not_supported";
            default -> status.code() >= 500 ? "server_error" : "client_error";
        };
    }

    public static FullHttpResponse json(HttpResponseStatus status, String error, String message, String requestId) {
        StringBuilder body = new StringBuilder(128);
        body.append("{\"status\":").append(status.code()).append(",\"error\":");
        JsonText.appendQuoted(body, error);
        body.append(",\"message\":");
        JsonText.appendQuoted(body, message);
        body.append(",\"request_id\":");
        if (requestId == null) {
            body.append("null");
        } else {
            JsonText.appendQuoted(body, requestId);
        }
        body.append("}\n");
        ByteBuf content = Unpooled.wrappedBuffer(body.toString().getBytes(StandardCharsets.UTF_8));
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        return response;
    }
}
