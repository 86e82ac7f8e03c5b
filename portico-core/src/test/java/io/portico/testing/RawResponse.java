package io.portico.testing;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A response as {@link RawHttpClient} read it.
 *
 * @param headers lower-case names in arrival order, each with its values in arrival order
 * @param body the decoded body (chunk framing removed)
 * @param raw every byte of the response as it came off the wire
 */
public record RawResponse(
        String statusLine, String version, int status, Map<String, List<String>> headers, byte[] body, byte[] raw) {

    public RawResponse {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy);
        body = body.clone();
        raw = raw.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public String rawText() {
        return new String(raw, StandardCharsets.ISO_8859_1);
    }

    /** The first value of the header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null ? null : values.get(0);
    }

    public List<String> headerValues(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }
}
