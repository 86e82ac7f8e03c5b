package io.portico.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer of the admin API: a status, extra headers and a body, JSON unless a {@code Content-Type}
 * header says otherwise. Built off Netty so that the endpoints can be tested without a socket.
 */
record AdminResponse(int status, Map<String, String> headers, byte[] body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    AdminResponse {
        headers = Map.copyOf(headers);
    }

    /** 200 with a JSON document written elsewhere (a chain report). */
    static AdminResponse ok(String json) {
        return new AdminResponse(200, Map.of(), (json + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** 200 with this document (maps, lists, strings and numbers) as JSON. */
    static AdminResponse json(Object document) {
        try {
            return ok(JSON.writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON-ready document: " + e.getOriginalMessage(), e);
        }
    }

    /** 200 with a body that is not JSON (the metrics' text format). */
    static AdminResponse text(byte[] body, String contentType) {
        return new AdminResponse(200, Map.of("Content-Type", contentType), body);
    }

    /** The error document of DESIGN §4: {@code {"status":404,"error":"not_found","message":"…","request_id":"…"}}. */
    static AdminResponse error(int status, String error, String message, String requestId) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("status", status);
        document.put("error", error);
        document.put("message", message);
        document.put("request_id", requestId);
        try {
            byte[] body = JSON.writeValueAsBytes(document);
            byte[] withNewline = new byte[body.length + 1];
            System.arraycopy(body, 0, withNewline, 0, body.length);
            withNewline[body.length] = '\n';
            return new AdminResponse(status, Map.of(), withNewline);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers always serializes", e);
        }
    }

    AdminResponse withStatus(int newStatus) {
        return new AdminResponse(newStatus, headers, body);
    }

    AdminResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new AdminResponse(status, more, body);
    }
}
