package io.portico.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@link ChainCompiler} made of a configuration: each route's chains, and every plugin instance
 * it created, for reports that look at plugins rather than routes (a consumer's usage).
 *
 * @param shared      the global, service and route plugins, in configuration order
 * @param byConsumer  each consumer's own plugins (with or without {@code route:}), by username
 */
public record CompiledChains(Map<String, RouteChains> routes, List<ChainLink> shared,
                             Map<String, List<ChainLink>> byConsumer) {

    public CompiledChains {
        routes = Map.copyOf(routes);
        shared = List.copyOf(shared);
        byConsumer = Map.copyOf(byConsumer);
    }

    /** Every plugin instance that can run for this consumer's requests: the shared ones, then its own. */
    public List<ChainLink> linksFor(String username) {
        List<ChainLink> own = byConsumer.getOrDefault(username, List.of());
        List<ChainLink> all = new ArrayList<>(shared.size() + own.size());
        all.addAll(shared);
        all.addAll(own);
        return all;
    }
}
