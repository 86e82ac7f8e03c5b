package io.portico.observability;

/**
 * Open client connections at one moment, by state.
 *
 * @param active connections with a request in progress (being read, proxied or answered)
 * @param idle   keep-alive connections between requests (and new ones before their first request)
 */
public record ConnectionCounts(int active, int idle) {

    public ConnectionCounts {
        if (active < 0 || idle < 0) {
            throw new IllegalArgumentException("connections: " + active + " active, " + idle + " idle (expected: >= 0)");
        }
    }

    public int open() {
        return active + idle;
    }
}
