package io.portico.plugins.oauth2introspection;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the authorization server said about one token, reduced to what the plugin uses: the raw
 * response is not kept. Immutable; shared by every request that presents the token while cached.
 *
 * @param expiresAtMillis  {@code exp}, or {@link Long#MAX_VALUE} without one
 * @param notBeforeMillis  {@code nbf}, or {@link Long#MIN_VALUE} without one
 * @param upstreamHeaders  the {@code claims_to_headers} values found, by header name
 */
record Introspection(boolean active, long expiresAtMillis, long notBeforeMillis, Set<String> scopes,
                     String username, String clientId, Map<String, String> upstreamHeaders) {

    static final Introspection INACTIVE =
            new Introspection(false, Long.MIN_VALUE, Long.MIN_VALUE, Set.of(), null, null, Map.of());
    /** A claim longer than this is not sent upstream. */
    static final int MAX_HEADER_VALUE_LENGTH = 4096;

    Introspection {
        scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
        upstreamHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(upstreamHeaders));
    }

    /** Active, not yet expired and already valid at {@code nowMillis}. */
    boolean activeAt(long nowMillis) {
        return active && nowMillis < expiresAtMillis && nowMillis >= notBeforeMillis;
    }

    /** The token's client id when it can travel in a header, else {@code oauth2}. */
    String credentialIdentifier() {
        return clientId != null && isHeaderValue(clientId) ? clientId : TokenCredential.DEFAULT_IDENTIFIER;
    }

    /** Reads an RFC 7662 response; throws {@link IntrospectionFailure} when it is not one. */
    static Introspection parse(String json, Map<String, String> claimsToHeaders) {
        Map<String, Object> members;
        try {
            members = JSONObjectUtils.parse(json);
        } catch (ParseException e) {
            throw new IntrospectionFailure("the introspection response is not a JSON object");
        }
        if (!(members.get("active") instanceof Boolean active)) {
            throw new IntrospectionFailure("the introspection response has no boolean \"active\" member");
        }
        if (!active) {
            return INACTIVE;
        }
        long expiresAt = epochMillis(members, "exp", Long.MAX_VALUE);
        long notBefore = epochMillis(members, "nbf", Long.MIN_VALUE);
        Set<String> scopes = new LinkedHashSet<>();
        Object scope = members.get("scope");
        if (scope instanceof String text) {
            for (String name : text.split(" ")) {
                if (!name.isEmpty()) {
                    scopes.add(name);
                }
            }
        } else if (scope != null) {
            throw new IntrospectionFailure("the introspection response's \"scope\" is not a string");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> claim : claimsToHeaders.entrySet()) {
            String value = headerValue(members.get(claim.getKey()));
            if (value != null) {
                headers.put(claim.getValue(), value);
            }
        }
        return new Introspection(true, expiresAt, notBefore, scopes, text(members, "username"),
                text(members, "client_id"), headers);
    }

    private static long epochMillis(Map<String, Object> members, String name, long absent) {
        Object value = members.get(name);
        if (value == null) {
            return absent;
        }
        if (!(value instanceof Number number) || Double.isNaN(number.doubleValue())) {
            throw new IntrospectionFailure("the introspection response's \"" + name + "\" is not a number");
        }
        double millis = number.doubleValue() * 1000;
        if (millis >= Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        return millis <= Long.MIN_VALUE ? Long.MIN_VALUE : (long) millis;
    }

    private static String text(Map<String, Object> members, String name) {
        return members.get(name) instanceof String text ? text : null;
    }

    /**
     * A claim as a header value: text as is, numbers and booleans as written, a list of those joined
     * with {@code ", "}. Null for objects, nulls, and text that a header cannot carry verbatim.
     */
    static String headerValue(Object value) {
        if (value instanceof List<?> items) {
            StringBuilder out = new StringBuilder();
            for (Object item : items) {
                String one = item instanceof List<?> ? null : headerValue(item);
                if (one == null) {
                    return null;
                }
                if (out.length() > 0) {
                    out.append(", ");
                }
                out.append(one);
            }
            return out.length() == 0 || !isHeaderValue(out.toString()) ? null : out.toString();
        }
        if (value instanceof String text) {
            return isHeaderValue(text) ? text : null;
        }
        if (value instanceof Double number && number == Math.rint(number) && Math.abs(number) < 1e15) {
            return Long.toString(number.longValue()); // 1.7E9 written as 1700000000
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return null;
    }

    /** Visible ASCII, spaces and tabs, not empty, not over {@link #MAX_HEADER_VALUE_LENGTH}. */
    static boolean isHeaderValue(String text) {
        if (text.isEmpty() || text.length() > MAX_HEADER_VALUE_LENGTH) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
