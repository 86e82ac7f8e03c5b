package io.portico.config;

/**
 * A service {@code url}: {@code http://HOST[:PORT][/path]} where HOST is an upstream name or a
 * host to connect to directly.
 *
 * @param port -1 when the URL has none (then the host must name an upstream, or 80 is used)
 * @param path the path prefix added in front of the forwarded path; "" when none (never "/")
 */
public record ServiceUrl(String scheme, String host, int port, String path) {

    @Override
    public String toString() {
        return scheme + "://" + host + (port >= 0 ? ":" + port : "") + path;
    }
}
