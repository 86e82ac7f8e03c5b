package io.portico.config;

import java.time.Duration;
import java.util.List;

/**
 * A route's {@code aggregate:}: the backends called in parallel for each request, whose JSON answers
 * are merged into one response.
 *
 * @param timeout         the deadline for every backend's answer, counted from when the calls start
 * @param maxBodySize     the largest body accepted from one backend; a larger one fails that backend
 * @param backends        in declared order, which is also the order of a root merge (later keys win)
 */
public record AggregateSpec(Duration timeout, DataSize maxBodySize, List<Backend> backends) {

    public AggregateSpec {
        backends = List.copyOf(backends);
    }

    /**
     * One backend call.
     *
     * @param service        the service called (its URL's path is put before {@code path})
     * @param path           the path template: {@code {name}} takes the route path's variable of that name;
     *                       it may end with a fixed {@code ?query}
     * @param key            the response field that holds this backend's JSON; null merges its object at the root
     * @param optional       a failure leaves the response incomplete (a header says which) instead of failing it
     * @param forwardHeaders client request headers (lower case) passed on to this backend
     */
    public record Backend(String service, String path, String key, boolean optional, List<String> forwardHeaders) {

        public Backend {
            forwardHeaders = List.copyOf(forwardHeaders);
        }

        /** How the backend is named in errors and in the incomplete-response header. */
        public String label() {
            return key != null ? key : service;
        }
    }
}
