package io.portico.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.portico.plugin.AttributeKey;
import io.portico.plugin.Consumer;
import io.portico.plugin.Credential;
import io.portico.plugin.Headers;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.HttpTokens;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The plugin API's view of one request: the client's request head (changes go upstream), the
 * consumer once known, attributes. Confined to the request's event loop.
 */
final class ExchangeView implements HttpExchange {

    private final RequestContext context;
    private final HttpRequest request;
    private final String routeName;
    private final String serviceName;
    private NettyHeaders headers;
    private String query;
    /** Set by a plugin: replaces the client's path upstream (after the service's path); null to keep it. */
    private String upstreamPath;
    /** Set by a plugin: the method sent upstream; null to keep the client's. */
    private HttpMethod upstreamMethod;
    private long bodyLimit = -1;
    private Consumer consumer;
    private Credential credential;
    private Map<AttributeKey<?>, Object> attributes;

    ExchangeView(RequestContext context, HttpRequest request, String routeName, String serviceName) {
        this.context = context;
        this.request = request;
        this.routeName = routeName;
        this.serviceName = serviceName;
        this.query = context.query();
    }

    @Override
    public String method() {
        return context.method().name();
    }

    @Override
    public String protocolVersion() {
        return context.version().text();
    }

    @Override
    public String path() {
        return context.path();
    }

    @Override
    public String query() {
        return query;
    }

    @Override
    public List<String> queryParameters(String name) {
        if (query == null) {
            return List.of();
        }
        List<String> values = null;
        int start = 0;
        while (start <= query.length()) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = query.length();
            }
            int eq = query.indexOf('=', start);
            int keyEnd = eq < 0 || eq > end ? end : eq;
            if (decode(query.substring(start, keyEnd)).equals(name)) {
                if (values == null) {
                    values = new ArrayList<>(1);
                }
                values.add(keyEnd == end ? "" : decode(query.substring(keyEnd + 1, end)));
            }
            start = end + 1;
        }
        return values == null ? List.of() : Collections.unmodifiableList(values);
    }

    @Override
    public void removeQueryParameter(String name) {
        if (query == null) {
            return;
        }
        StringBuilder kept = new StringBuilder(query.length());
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            if (!decode(eq < 0 ? pair : pair.substring(0, eq)).equals(name)) {
                if (kept.length() > 0) {
                    kept.append('&');
                }
                kept.append(pair);
            }
        }
        query = kept.length() == 0 ? null : kept.toString();
    }

    @Override
    public void setQueryParameter(String name, String value) {
        removeQueryParameter(name);
        addQueryParameter(name, value);
    }

    @Override
    public void addQueryParameter(String name, String value) {
        String pair = encode(name) + "=" + encode(value);
        query = query == null || query.isEmpty() ? pair : query + "&" + pair;
    }

    private static String encode(String text) {
        // Form encoding writes spaces as '+'; in a query sent on, %20 is the unambiguous spelling.
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public Map<String, String> pathParameters() {
        return context.pathParameters();
    }

    @Override
    public void setUpstreamPath(String path) {
        upstreamPath = UpstreamPaths.checked(path);
    }

    @Override
    public void setUpstreamMethod(String method) {
        if (method == null || method.isEmpty() || !HttpTokens.isToken(method)) {
            throw new IllegalArgumentException("method: " + method + " (expected: an HTTP token such as POST)");
        }
        upstreamMethod = HttpMethod.valueOf(method);
    }

    /** The path a plugin set for the upstream, or null. */
    String upstreamPath() {
        return upstreamPath;
    }

    /** The method a plugin set for the upstream, or null. */
    HttpMethod upstreamMethod() {
        return upstreamMethod;
    }

    private static String decode(String text) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text; // a malformed escape matches nothing but itself
        }
    }

    @Override
    public String host() {
        String host = context.host();
        if (host == null) {
            return null;
        }
        int colon = host.startsWith("[") ? host.indexOf(':', host.indexOf(']')) : host.lastIndexOf(':');
        return (colon < 0 ? host : host.substring(0, colon)).toLowerCase(Locale.ROOT);
    }

    @Override
    public Headers requestHeaders() {
        if (headers == null) {
            headers = new NettyHeaders(request.headers());
        }
        return headers;
    }

    @Override
    public String clientIp() {
        return context.clientIp();
    }

    @Override
    public String requestId() {
        return context.requestId();
    }

    @Override
    public String routeName() {
        return routeName;
    }

    @Override
    public String serviceName() {
        return serviceName;
    }

    @Override
    public long requestContentLength() {
        if (HttpUtil.isTransferEncodingChunked(request)) {
            return -1;
        }
        String length = request.headers().get(HttpHeaderNames.CONTENT_LENGTH);
        return length == null ? 0 : Long.parseLong(length); // the decoder admitted only a valid, single length
    }

    @Override
    public void limitRequestBody(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: >= 0)");
        }
        bodyLimit = bodyLimit < 0 ? maxBytes : Math.min(bodyLimit, maxBytes);
    }

    /** The body limit plugins asked for, or -1. */
    long bodyLimit() {
        return bodyLimit;
    }

    @Override
    public Consumer consumer() {
        return consumer;
    }

    @Override
    public Credential credential() {
        return credential;
    }

    @Override
    public boolean authenticated() {
        return credential != null;
    }

    @Override
    public void authenticate(Consumer consumer, Credential credential) {
        if (consumer == null || credential == null) {
            throw new IllegalArgumentException("consumer and credential are required; use authenticateAnonymous");
        }
        this.consumer = consumer;
        this.credential = credential;
    }

    @Override
    public void authenticateAnonymous(Consumer anonymous) {
        if (anonymous == null) {
            throw new IllegalArgumentException("anonymous: null");
        }
        this.consumer = anonymous;
        this.credential = null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T attribute(AttributeKey<T> key) {
        return attributes == null ? null : (T) attributes.get(key);
    }

    @Override
    public <T> void setAttribute(AttributeKey<T> key, T value) {
        if (attributes == null) {
            attributes = new HashMap<>(4);
        }
        attributes.put(key, value);
    }

    /** Where the request goes upstream may differ from what the client sent (plugins removed parameters). */
    String upstreamQuery() {
        return query;
    }
}
