package io.portico.plugins.requesttransformer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.plugins.transform.JsonField;
import io.portico.plugins.transform.JsonOperations;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Kong's {@code body} operations on a request body: fields of a JSON object (dotted paths into nested
 * objects) or of an {@code application/x-www-form-urlencoded} form (plain names). Any other body, a
 * compressed one, or one that does not parse, goes upstream unchanged.
 */
final class BodyTransform {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonOperations operations;

    BodyTransform(JsonOperations operations) {
        this.operations = operations;
    }

    byte[] apply(String contentType, String contentEncoding, byte[] body) {
        if (body.length == 0 || contentType == null
                || contentEncoding != null && !contentEncoding.equalsIgnoreCase("identity")) {
            return body;
        }
        String media = mediaType(contentType);
        if (media.equals("application/json") || media.endsWith("+json")) {
            return json(body);
        }
        if (media.equals("application/x-www-form-urlencoded")) {
            return form(body);
        }
        return body;
    }

    private byte[] json(byte[] body) {
        JsonNode parsed;
        try {
            parsed = JSON.readTree(body);
        } catch (IOException e) {
            return body;
        }
        if (!(parsed instanceof ObjectNode object)) {
            return body;
        }
        operations.apply(object);
        try {
            return JSON.writeValueAsBytes(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the transformed body", e);
        }
    }

    /** One form field, its name decoded and its value decoded. */
    private record Field(String name, String value) {}

    private byte[] form(byte[] body) {
        List<Field> fields = new ArrayList<>();
        for (String pair : new String(body, StandardCharsets.ISO_8859_1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                fields.add(new Field(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1))));
            } catch (IllegalArgumentException e) {
                return body; // not valid form encoding: passed on as sent
            }
        }
        for (JsonField field : operations.remove()) {
            if (field.path().length == 1) {
                fields.removeIf(f -> f.name().equals(field.last()));
            }
        }
        for (JsonField field : operations.rename()) {
            if (field.path().length == 1) {
                fields.replaceAll(f -> f.name().equals(field.last()) ? new Field(field.value().asText(), f.value()) : f);
            }
        }
        for (JsonField field : operations.replace()) {
            if (field.path().length == 1) {
                fields.replaceAll(f -> f.name().equals(field.last()) ? new Field(f.name(), field.value().asText()) : f);
            }
        }
        for (JsonField field : operations.add()) {
            if (field.path().length == 1 && fields.stream().noneMatch(f -> f.name().equals(field.last()))) {
                fields.add(new Field(field.last(), field.value().asText()));
            }
        }
        for (JsonField field : operations.append()) {
            if (field.path().length == 1) {
                fields.add(new Field(field.last(), field.value().asText()));
            }
        }
        StringBuilder out = new StringBuilder(body.length + 32);
        for (Field field : fields) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(URLEncoder.encode(field.name(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(field.value(), StandardCharsets.UTF_8));
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String mediaType(String contentType) {
        String media = contentType.toLowerCase(Locale.ROOT);
        int semicolon = media.indexOf(';');
        return (semicolon < 0 ? media : media.substring(0, semicolon)).trim();
    }
}
