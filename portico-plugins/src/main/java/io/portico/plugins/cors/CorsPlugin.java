package io.portico.plugins.cors;

import io.portico.plugin.Action;
import io.portico.plugin.AttributeKey;
import io.portico.plugin.Headers;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.Plugin;
import io.portico.plugin.ResponseHead;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers preflights (OPTIONS with {@code Origin} and {@code Access-Control-Request-Method}) with 204
 * in the rewrite phase, before authentication, since browsers send preflights without credentials;
 * with {@code preflight_continue} they go upstream untouched. Every other response gets
 * {@code Access-Control-Allow-Origin} and friends when the request's origin is allowed.
 *
 * <p>An origin that is not allowed gets no CORS headers at all (the browser then refuses to expose the
 * response); {@code Vary: Origin} is added whenever the answer depends on the origin, so that caches
 * keep answers for different origins apart. Runs on the event loop; reads only immutable state.
 */
final class CorsPlugin implements Plugin {

    /** Marks a preflight, whose response must not get the headers of an actual response. */
    private static final AttributeKey<Boolean> PREFLIGHT = AttributeKey.named("cors-preflight");
    private static final byte[] NO_BODY = new byte[0];

    private final AllowedOrigins origins;
    private final boolean anyOrigin;
    private final boolean credentials;
    private final boolean dependsOnOrigin;
    private final String allowMethods;
    private final String allowHeaders;
    private final String exposeHeaders;
    private final String maxAge;
    private final boolean preflightContinue;
    private final boolean privateNetwork;

    CorsPlugin(CorsConfig config) {
        this.origins = config.origins();
        this.anyOrigin = origins instanceof AllowedOrigins.Any;
        this.credentials = config.credentials();
        // "*" without credentials is the only answer that is the same for every origin.
        this.dependsOnOrigin = !anyOrigin || credentials;
        this.allowMethods = String.join(", ", config.methods());
        this.allowHeaders = config.headers() == null ? null : String.join(", ", config.headers());
        this.exposeHeaders = config.exposedHeaders().isEmpty() ? null : String.join(", ", config.exposedHeaders());
        this.maxAge = config.maxAgeSeconds() < 0 ? null : Long.toString(config.maxAgeSeconds());
        this.preflightContinue = config.preflightContinue();
        this.privateNetwork = config.privateNetwork();
    }

    @Override
    public Action rewrite(HttpExchange exchange) {
        if (!exchange.method().equals("OPTIONS")) {
            return Action.proceed();
        }
        Headers request = exchange.requestHeaders();
        String origin = request.get("Origin");
        if (origin == null || request.get("Access-Control-Request-Method") == null) {
            return Action.proceed();
        }
        exchange.setAttribute(PREFLIGHT, Boolean.TRUE);
        if (preflightContinue) {
            return Action.proceed(); // the upstream answers, headers and all
        }
        return new Action.Respond(204, preflightHeaders(origin, request), NO_BODY, null, null);
    }

    private Map<String, String> preflightHeaders(String origin, Headers request) {
        Map<String, String> out = new LinkedHashMap<>();
        String allowOrigin = allowOrigin(origin);
        String requestedHeaders = request.get("Access-Control-Request-Headers");
        boolean echoHeaders = allowHeaders == null && requestedHeaders != null;
        if (dependsOnOrigin) {
            out.put("Vary", echoHeaders ? "Origin, Access-Control-Request-Headers" : "Origin");
        } else if (echoHeaders) {
            out.put("Vary", "Access-Control-Request-Headers");
        }
        if (allowOrigin == null) {
            return out;
        }
        out.put("Access-Control-Allow-Origin", allowOrigin);
        if (credentials) {
            out.put("Access-Control-Allow-Credentials", "true");
        }
        out.put("Access-Control-Allow-Methods", allowMethods);
        if (allowHeaders != null) {
            out.put("Access-Control-Allow-Headers", allowHeaders);
        } else if (echoHeaders && HeaderLists.isTokenList(requestedHeaders)) {
            out.put("Access-Control-Allow-Headers", requestedHeaders);
        }
        if (maxAge != null) {
            out.put("Access-Control-Max-Age", maxAge);
        }
        if (privateNetwork && "true".equals(request.get("Access-Control-Request-Private-Network"))) {
            out.put("Access-Control-Allow-Private-Network", "true");
        }
        return out;
    }

    @Override
    public void responseHeaders(HttpExchange exchange, ResponseHead response) {
        if (exchange.attribute(PREFLIGHT) != null) {
            return; // answered above with its own headers, or by the upstream with preflight_continue
        }
        Headers headers = response.headers();
        if (dependsOnOrigin) {
            HeaderLists.addVary(headers, "Origin");
        }
        String origin = exchange.requestHeaders().get("Origin");
        if (origin == null) {
            return; // not a cross-origin request: nothing to allow
        }
        String allowOrigin = allowOrigin(origin);
        if (allowOrigin == null) {
            // This plugin decides who may read: an upstream's own grant must not slip through.
            headers.remove("Access-Control-Allow-Origin");
            headers.remove("Access-Control-Allow-Credentials");
            return;
        }
        headers.set("Access-Control-Allow-Origin", allowOrigin);
        if (credentials) {
            headers.set("Access-Control-Allow-Credentials", "true");
        }
        if (exposeHeaders != null) {
            headers.set("Access-Control-Expose-Headers", exposeHeaders);
        }
    }

    /** The {@code Access-Control-Allow-Origin} value, or null when the origin is not allowed. */
    private String allowOrigin(String origin) {
        if (anyOrigin) {
            // With credentials browsers refuse "*": the allowed origin is named instead.
            return credentials ? origin : "*";
        }
        return origins.allows(origin) ? origin : null;
    }
}
