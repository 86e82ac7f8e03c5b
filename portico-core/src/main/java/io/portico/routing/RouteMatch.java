package io.portico.routing;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The outcome of {@link RouteTable#match}: a route, a 405 with the methods that would have
 * matched, or nothing.
 */
public sealed interface RouteMatch<T> {

    /**
     * A route matched.
     *
     * @param value         the value compiled with the winning route
     * @param matchedLength how many characters at the start of the path the winning path pattern
     *                      consumed (for {@code strip_path}); {@code path.substring(matchedLength)}
     *                      is empty or starts with {@code /} for every kind but regex
     * @param captures      template variables or regex named groups; the shared empty map when none
     */
    record Found<T>(T value, int matchedLength, Map<String, String> captures) implements RouteMatch<T> {
        public Found {
            Objects.requireNonNull(captures, "captures");
        }
    }

    /**
     * Some route matched host, path and headers, but none matched the method: the answer is 405
     * with {@code Allow}.
     *
     * @param allowedMethods the methods of those routes, sorted, never empty
     */
    record MethodNotAllowed<T>(Set<String> allowedMethods) implements RouteMatch<T> {
        public MethodNotAllowed {
            allowedMethods = Collections.unmodifiableSortedSet(new TreeSet<>(allowedMethods));
        }
    }

    /** No route matched host and path (404). {@link RouteTable} only returns {@link #instance()}. */
    record NotFound<T>() implements RouteMatch<T> {
        private static final NotFound<?> INSTANCE = new NotFound<>();

        @SuppressWarnings("unchecked")
        public static <T> NotFound<T> instance() {
            return (NotFound<T>) INSTANCE;
        }
    }
}
