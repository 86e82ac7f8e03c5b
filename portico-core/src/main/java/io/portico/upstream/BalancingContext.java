package io.portico.upstream;

/**
 * What a balancer may look at in a request. Implemented by the proxy over its exchange; methods are called
 * on the exchange's event loop and only by the algorithms that need them (consistent-hash).
 */
public interface BalancingContext {

    /** The client's IP address as text (after trusted-proxy resolution), never null. */
    String clientIp();

    /** The first value of a request header, or null. */
    String header(String lowerCaseName);

    /** The value of a request cookie, or null. */
    String cookie(String name);

    /** The normalized request path. */
    String path();

    /** The authenticated consumer's username, or null when the request has none. */
    String consumer();
}
