package io.portico.plugins.responsetransformer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.Plugin;
import io.portico.plugin.ResponseHead;
import io.portico.plugins.transform.FieldOperations;
import io.portico.plugins.transform.Fields;
import java.io.IOException;
import java.util.Locale;

/**
 * Changes response headers (every response, Portico's own included) and the fields of JSON bodies of
 * proxied responses. A body that is not a JSON object, is compressed, or is not declared JSON passes
 * unchanged.
 */
final class ResponseTransformerPlugin implements Plugin {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ResponseTransformerConfig config;

    ResponseTransformerPlugin(ResponseTransformerConfig config) {
        this.config = config;
    }

    @Override
    public void responseHeaders(HttpExchange exchange, ResponseHead response) {
        FieldOperations.apply(config.headers(), Fields.of(response.headers()), exchange);
    }

    @Override
    public int maxResponseBodyBytes() {
        return config.maxBodyBytes();
    }

    @Override
    public byte[] responseBody(HttpExchange exchange, ResponseHead response, byte[] body) {
        if (body.length == 0 || !isJson(response) || isEncoded(response)) {
            return body;
        }
        JsonNode parsed;
        try {
            parsed = JSON.readTree(body);
        } catch (IOException e) {
            return body; // declared JSON but is not: passed on as the upstream sent it
        }
        if (!(parsed instanceof ObjectNode object)) {
            return body;
        }
        config.json().apply(object);
        try {
            return JSON.writeValueAsBytes(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the transformed body", e);
        }
    }

    private static boolean isJson(ResponseHead response) {
        String type = response.headers().get("content-type");
        if (type == null) {
            return false;
        }
        String media = type.toLowerCase(Locale.ROOT);
        int semicolon = media.indexOf(';');
        media = (semicolon < 0 ? media : media.substring(0, semicolon)).trim();
        return media.equals("application/json") || media.endsWith("+json");
    }

    private static boolean isEncoded(ResponseHead response) {
        String encoding = response.headers().get("content-encoding");
        return encoding != null && !encoding.equalsIgnoreCase("identity");
    }
}
