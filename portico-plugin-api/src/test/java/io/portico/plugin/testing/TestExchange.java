package io.portico.plugin.testing;

import io.portico.plugin.AttributeKey;
import io.portico.plugin.Consumer;
import io.portico.plugin.Credential;
import io.portico.plugin.HttpExchange;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An in-memory {@link HttpExchange} for plugin unit tests; fields are public to set up and inspect. */
public final class TestExchange implements HttpExchange {

    public String method = "GET";
    public String protocolVersion = "HTTP/1.1";
    public String path = "/";
    public String query;
    public String host = "example.com";
    public final TestHeaders headers = new TestHeaders();
    public String clientIp = "127.0.0.1";
    public String requestId = "test-request-id";
    public String routeName = "test-route";
    public String serviceName = "test-service";
    public long contentLength;
    public long bodyLimit = -1;
    public Consumer consumer;
    public Credential credential;
    /** The matched route's path variables, as the test sets them. */
    public Map<String, String> pathParameters = new HashMap<>();
    /** What plugins set for the upstream (null when unchanged). */
    public String upstreamPath;
    public String upstreamMethod;
    public boolean anonymous;
    private final Map<AttributeKey<?>, Object> attributes = new HashMap<>();

    public static TestExchange get(String pathAndQuery) {
        TestExchange exchange = new TestExchange();
        int q = pathAndQuery.indexOf('?');
        exchange.path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        exchange.query = q < 0 ? null : pathAndQuery.substring(q + 1);
        return exchange;
    }

    public TestExchange header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String protocolVersion() {
        return protocolVersion;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String query() {
        return query;
    }

    @Override
    public List<String> queryParameters(String name) {
        List<String> values = new ArrayList<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (decode(eq < 0 ? pair : pair.substring(0, eq)).equals(name)) {
                    values.add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
                }
            }
        }
        return values;
    }

    @Override
    public void removeQueryParameter(String name) {
        if (query == null) {
            return;
        }
        List<String> kept = new ArrayList<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (!decode(eq < 0 ? pair : pair.substring(0, eq)).equals(name)) {
                kept.add(pair);
            }
        }
        query = kept.isEmpty() ? null : String.join("&", kept);
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
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public Map<String, String> pathParameters() {
        return pathParameters;
    }

    @Override
    public void setUpstreamPath(String path) {
        if (path == null || !path.startsWith("/") || path.contains("?")) {
            throw new IllegalArgumentException("upstream path: " + path);
        }
        upstreamPath = path;
    }

    @Override
    public void setUpstreamMethod(String method) {
        upstreamMethod = method;
    }

    /** As the core decodes: an invalid escape is kept as written. */
    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public TestHeaders requestHeaders() {
        return headers;
    }

    @Override
    public String clientIp() {
        return clientIp;
    }

    @Override
    public String requestId() {
        return requestId;
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
        return contentLength;
    }

    @Override
    public void limitRequestBody(long maxBytes) {
        bodyLimit = maxBytes;
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
        return consumer != null && !anonymous;
    }

    @Override
    public void authenticate(Consumer consumer, Credential credential) {
        this.consumer = consumer;
        this.credential = credential;
        this.anonymous = false;
    }

    @Override
    public void authenticateAnonymous(Consumer anonymous) {
        this.consumer = anonymous;
        this.credential = null;
        this.anonymous = true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T attribute(AttributeKey<T> key) {
        return (T) attributes.get(key);
    }

    @Override
    public <T> void setAttribute(AttributeKey<T> key, T value) {
        attributes.put(key, value);
    }
}
