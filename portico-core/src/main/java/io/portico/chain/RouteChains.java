package io.portico.chain;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A route's chain, and its chains for consumers that have plugins of their own. Those are compiled
 * the first time the consumer calls the route and then kept for the life of the configuration, so
 * a configuration with many routes and consumers does not compile every pair up front.
 */
public final class RouteChains {

    private final PluginChain base;
    private final Set<String> consumersWithPlugins;
    private final Function<String, PluginChain> consumerChain;
    private final ConcurrentHashMap<String, PluginChain> byConsumer = new ConcurrentHashMap<>();

    RouteChains(PluginChain base, Set<String> consumersWithPlugins, Function<String, PluginChain> consumerChain) {
        this.base = base;
        this.consumersWithPlugins = consumersWithPlugins;
        this.consumerChain = consumerChain;
    }

    /** For requests before authentication and for consumers without plugins of their own. */
    public PluginChain base() {
        return base;
    }

    /** The chain once {@code username} is known (null: no consumer). */
    public PluginChain forConsumer(String username) {
        if (username == null || !consumersWithPlugins.contains(username)) {
            return base;
        }
        PluginChain chain = byConsumer.get(username);
        return chain != null ? chain : byConsumer.computeIfAbsent(username, consumerChain);
    }
}
