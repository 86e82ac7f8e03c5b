package io.portico.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a route matches on, with list order ignored: two routes with equal criteria can never be told
 * apart by a request, so they are either an error or a weighted (canary) group.
 */
public record MatchCriteria(Set<String> hosts, Set<String> paths, Set<String> methods,
                            Map<String, Set<String>> headers, int priority) {

    public static MatchCriteria of(RouteSpec route) {
        Map<String, Set<String>> headers = new HashMap<>();
        for (Map.Entry<String, List<String>> header : route.headers().entrySet()) {
            headers.put(header.getKey(), Set.copyOf(header.getValue()));
        }
        return new MatchCriteria(Set.copyOf(route.hosts()), Set.copyOf(route.paths()), Set.copyOf(route.methods()),
                Map.copyOf(headers), route.priority());
    }
}
