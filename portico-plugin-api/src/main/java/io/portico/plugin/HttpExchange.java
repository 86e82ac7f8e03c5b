package io.portico.plugin;

import java.util.List;

/**
 * One request as plugins see it. Not thread-safe: use it only on the request's event loop, that is
 * inside a phase method or after an {@link Action#await} stage has resumed the chain, never from the
 * thread that completes the stage.
 */
public interface HttpExchange {

    /** The client's method (what logs and metrics report), whatever {@link #setUpstreamMethod} sends upstream. */
    String method();

    /** The protocol the client spoke: {@code HTTP/1.1} or {@code HTTP/1.0}. */
    String protocolVersion();

    /** The normalized path (dot segments removed, duplicate slashes merged), as routes match it. */
    String path();

    /** The raw query string without {@code ?}, or null. */
    String query();

    /** The first value of a query parameter, percent-decoded; null when absent. */
    default String queryParameter(String name) {
        List<String> values = queryParameters(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /**
     * Every value of a query parameter, percent-decoded, in the order written ({@code ?a=1&a=2} has
     * two); empty when absent. A parameter without {@code =} has the value "". An escape that is not
     * valid percent-encoding is kept as written.
     */
    List<String> queryParameters(String name);

    /** Removes every occurrence of a query parameter from what is sent upstream. */
    void removeQueryParameter(String name);

    /** Sends the parameter upstream with this one value (every earlier occurrence removed); percent-encoded here. */
    void setQueryParameter(String name, String value);

    /** Sends one more occurrence of the parameter upstream (after the others); percent-encoded here. */
    void addQueryParameter(String name, String value);

    /**
     * The matched route path's variables: {@code /users/{id}} matched by {@code /users/42} gives {@code id=42};
     * a regex path gives its named groups. Empty for prefix and exact paths.
     */
    java.util.Map<String, String> pathParameters();

    /**
     * Replaces the path sent upstream: {@code path} (absolute, without query) follows the service URL's path
     * instead of the client's path, and {@code strip_path} no longer applies. Applies from the upstream
     * request on; {@link #path()} keeps reporting the client's path.
     *
     * @throws IllegalArgumentException for a path that is not absolute, has a query or fragment, a control
     *     character, a space, or a {@code .}/{@code ..} segment
     */
    void setUpstreamPath(String path);

    /**
     * Sends the request upstream with another method (an uppercase token such as {@code POST}). Retries
     * then follow the new method's idempotency.
     *
     * @throws IllegalArgumentException for a method that is not an HTTP token
     */
    void setUpstreamMethod(String method);

    /** The Host the client asked for, without the port, lower-case; null when absent. */
    String host();

    /** The request headers; changes are what the upstream receives. */
    Headers requestHeaders();

    /** The client's address: the peer, or, behind {@code trusted_proxies}, the address they vouch for. */
    String clientIp();

    /** The request id ({@code X-Request-Id}) Portico uses in logs, errors and upstream requests. */
    String requestId();

    /** The matched route's name. */
    String routeName();

    /** The route's service, or null for a route that answers by itself. */
    String serviceName();

    /** The declared body length, 0 without a body, -1 when chunked. */
    long requestContentLength();

    /**
     * Caps the request body: a larger body is answered with 413 and never completes upstream (a
     * declared length is checked at once; a chunked body as it streams).
     */
    void limitRequestBody(long maxBytes);

    /** The authenticated (or anonymous) consumer, or null. */
    Consumer consumer();

    /** The credential that authenticated the consumer; null when anonymous or unauthenticated. */
    Credential credential();

    /** True when a consumer was identified by a credential (not merely the anonymous consumer). */
    boolean authenticated();

    /** Records who is calling; later phases run the plugins configured for this consumer. */
    void authenticate(Consumer consumer, Credential credential);

    /** Marks the request as coming from the anonymous consumer (an auth plugin's fallback). */
    void authenticateAnonymous(Consumer anonymous);

    <T> T attribute(AttributeKey<T> key);

    <T> void setAttribute(AttributeKey<T> key, T value);
}
