package io.portico.testing;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request a {@link TestOrigin} read completely.
 *
 * @param connection which accepted connection carried it (1 = the first one)
 * @param headers lower-case names in arrival order, each with its values in arrival order
 * @param bodySha256 lower-case hex SHA-256 of the body (of the empty body when there is none)
 * @param body the body when it is shorter than {@link #KEPT_BODY_LIMIT} bytes, otherwise empty
 */
public record RecordedRequest(
        int connection,
        String method,
        String uri,
        String version,
        Map<String, List<String>> headers,
        long bodyLength,
        String bodySha256,
        byte[] body) {

    /** Bodies of this many bytes or more are counted and digested but not kept. */
    public static final int KEPT_BODY_LIMIT = 64 * 1024;

    public RecordedRequest {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public boolean bodyKept() {
        return bodyLength < KEPT_BODY_LIMIT;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The first value of the header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null ? null : values.get(0);
    }

    /** Every value of the header, possibly none. */
    public List<String> headerValues(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** The uri without its query string. */
    public String path() {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }
}
