package io.portico.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds routes with identical match criteria: neither could ever be chosen over the other, so the
 * later one is an error unless a different priority breaks the tie. Order within each list is ignored.
 */
final class RouteConflicts {

    private record Criteria(Set<String> hosts, Set<String> paths, Set<String> methods,
                            Map<String, Set<String>> headers, int priority) {}

    private record Earlier(int index, String name) {}

    private final Binder binder;
    private final Map<Criteria, Earlier> seen = new HashMap<>();

    RouteConflicts(Binder binder) {
        this.binder = binder;
    }

    void check(RouteSpec route, Section at) {
        Map<String, Set<String>> headers = new HashMap<>();
        for (Map.Entry<String, List<String>> header : route.headers().entrySet()) {
            headers.put(header.getKey(), Set.copyOf(header.getValue()));
        }
        Criteria criteria = new Criteria(Set.copyOf(route.hosts()), Set.copyOf(route.paths()),
                Set.copyOf(route.methods()), headers, route.priority());
        Earlier earlier = seen.putIfAbsent(criteria, new Earlier(route.index(), route.name()));
        if (earlier != null) {
            binder.error(at.path(), at.node(), "same match criteria as routes[" + earlier.index() + "] "
                    + Render.quote(String.valueOf(earlier.name()))
                    + " (expected: unique hosts, paths, methods and headers, or a priority to break the tie)");
        }
    }
}
