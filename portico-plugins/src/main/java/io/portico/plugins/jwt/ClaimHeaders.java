package io.portico.plugins.jwt;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.portico.plugin.Headers;
import java.util.Collections;
import java.util.Map;

/**
 * {@code claims_to_headers}: sends verified claims upstream. Every configured header is removed from
 * the client's request first, whatever happens to the token, so a client can never supply one.
 * Values are made header-safe: a string of visible ASCII is sent as is; anything else (numbers,
 * booleans, lists, objects, strings with control or non-ASCII characters) as compact JSON with
 * non-ASCII escaped. No CR or LF can reach the upstream.
 */
final class ClaimHeaders {

    private final String[] claims;
    private final String[] headers;

    ClaimHeaders(Map<String, String> claimsToHeaders) {
        this.claims = claimsToHeaders.keySet().toArray(new String[0]);
        this.headers = claimsToHeaders.values().toArray(new String[0]);
    }

    /** The header values for a verified token, aligned with the configured headers; null where absent. */
    String[] values(Map<String, Object> tokenClaims) {
        String[] values = new String[claims.length];
        for (int i = 0; i < claims.length; i++) {
            Object value = tokenClaims.get(claims[i]);
            values[i] = value == null ? null : headerValue(value);
        }
        return values;
    }

    /** Removes what the client sent under the configured names. */
    void clear(Headers request) {
        for (String header : headers) {
            request.remove(header);
        }
    }

    /** Sets the values of a verified token (after {@link #clear}). */
    void apply(Headers request, String[] values) {
        for (int i = 0; i < headers.length; i++) {
            if (values[i] != null) {
                request.set(headers[i], values[i]);
            }
        }
    }

    static String headerValue(Object value) {
        if (value instanceof String text && isVisibleAscii(text)) {
            return text;
        }
        // Gson (inside nimbus) escapes control characters; non-ASCII is escaped here.
        String json = JSONObjectUtils.toJSONString(Collections.singletonMap("v", value));
        return asciiOnly(json.substring("{\"v\":".length(), json.length() - 1));
    }

    private static boolean isVisibleAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static String asciiOnly(String json) {
        if (isVisibleAscii(json)) {
            return json;
        }
        StringBuilder out = new StringBuilder(json.length() + 16);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c >= 0x20 && c <= 0x7e) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c)); // only inside JSON strings: still valid JSON
            }
        }
        return out.toString();
    }
}
