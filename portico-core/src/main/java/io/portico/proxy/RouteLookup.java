package io.portico.proxy;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which route a request would get, worked out as the data path does it ({@link GatewaySnapshot#lookup}),
 * for {@code portico explain} and the admin API.
 */
public sealed interface RouteLookup {

    /**
     * A route matched.
     *
     * @param path the normalized path the route was matched on
     */
    record Matched(String route, String path) implements RouteLookup {}

    /** No route matches: 404. */
    record NoRoute() implements RouteLookup {}

    /** Host, path and headers match some route but the method none: 405 with {@code Allow}. */
    record MethodNotAllowed(Set<String> allowedMethods) implements RouteLookup {
        public MethodNotAllowed {
            allowedMethods = Collections.unmodifiableSortedSet(new TreeSet<>(allowedMethods));
        }
    }

    /** The path cannot be normalized safely: 400. */
    record UnsafePath(String reason) implements RouteLookup {}
}
