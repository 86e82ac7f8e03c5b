package io.portico.config;

import java.util.Locale;

/**
 * A host (name, IPv4 or IPv6 literal without brackets) and a port, as in {@code "127.0.0.1:9001"}
 * or {@code "[::1]:8080"}.
 */
public record HostPort(String host, int port) {

    public HostPort {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("host: empty (expected: a host name or IP address)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
        host = host.toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code host:port} or {@code [v6]:port}.
     *
     * @throws IllegalArgumentException with a message shaped {@code "x (expected: host:port)"}
     */
    public static HostPort parse(String text) {
        String expected = " (expected: host:port)";
        if (text == null) {
            throw new IllegalArgumentException("null" + expected);
        }
        String host;
        String portText;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new IllegalArgumentException(quote(text) + expected);
            }
            host = text.substring(1, close);
            portText = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || text.indexOf(':') != colon) {
                throw new IllegalArgumentException(quote(text) + expected);
            }
            host = text.substring(0, colon);
            portText = text.substring(colon + 1);
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(quote(text) + expected);
        }
        if (port < 0 || port > 65535 || host.isEmpty()) {
            throw new IllegalArgumentException(quote(text) + expected);
        }
        return new HostPort(host, port);
    }

    private static String quote(String text) {
        return '"' + text + '"';
    }

    /** True for 127.0.0.0/8, ::1 and "localhost". */
    public boolean isLoopback() {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
