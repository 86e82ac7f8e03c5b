package io.portico.plugins.httplog;

import java.time.Duration;
import java.util.Map;

/**
 * How batches reach the endpoint: what identifies a sender. Two configurations with equal deliveries
 * share one sender (and its queue), across places and reloads. Its {@code toString} shows no secret.
 *
 * @param endpoint    the URL and the Basic credentials from its user information
 * @param method      POST, PUT or PATCH
 * @param contentType the request's Content-Type
 * @param timeout     for each request, from connecting to the response's head
 * @param headers     added to every request; values may be secrets
 */
record Delivery(Endpoint endpoint, String method, String contentType, Duration timeout, Map<String, String> headers,
                QueueSettings queue) {

    Delivery {
        headers = Map.copyOf(headers);
    }

    @Override
    public String toString() {
        return method + " " + endpoint + " (timeout " + timeout + ", headers " + headers.keySet() + ", " + queue + ")";
    }
}
