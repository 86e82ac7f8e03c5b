package io.portico.config;

import java.util.Map;

/** A static {@code response:} served by Portico itself, without any upstream. */
public record ResponseSpec(int status, String body, Map<String, String> headers) {

    public ResponseSpec {
        body = body == null ? "" : body;
        headers = Map.copyOf(headers);
    }
}
