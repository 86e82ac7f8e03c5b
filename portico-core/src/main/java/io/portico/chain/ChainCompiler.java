package io.portico.chain;

import io.portico.config.ConfigError;
import io.portico.config.ConfigException;
import io.portico.config.ConsumerSpec;
import io.portico.config.PluginSpec;
import io.portico.config.PorticoSpec;
import io.portico.config.RouteSpec;
import io.portico.config.ServiceSpec;
import io.portico.plugin.Consumer;
import io.portico.plugin.ConsumerCredential;
import io.portico.plugin.Credential;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginRegistry;
import io.portico.plugin.PluginType;
import io.portico.plugin.RedisSettings;
import io.portico.plugin.RouteInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates the plugins of a configuration (one per configured place, shared by every route it
 * applies to) and compiles each route's chains. Runs off the event loops.
 */
public final class ChainCompiler {

    private final PluginRegistry registry;
    private final PluginServices services;

    public ChainCompiler(PluginRegistry registry, PluginServices services) {
        this.registry = registry;
        this.services = services;
    }

    /** The chains of every route, by route name, and the plugin instances they share. */
    public CompiledChains compile(PorticoSpec spec) throws ConfigException {
        Environment environment = Environment.of(spec.consumers(), spec.cluster().redis());
        List<ConfigError> errors = new ArrayList<>();
        List<ChainLink> global = links(spec.plugins(), Scope.GLOBAL, "plugins", environment, errors);
        List<ChainLink> shared = new ArrayList<>(global);
        Map<String, List<ChainLink>> byService = new HashMap<>();
        for (ServiceSpec service : spec.services()) {
            List<ChainLink> serviceLinks =
                    links(service.plugins(), Scope.SERVICE, "services[" + service.name() + "]", environment, errors);
            byService.put(service.name(), serviceLinks);
            shared.addAll(serviceLinks);
        }
        Map<String, List<ConsumerLink>> consumerLinks = new HashMap<>();
        for (ConsumerSpec consumer : spec.consumers()) {
            String source = "consumers[" + consumer.username() + "]";
            List<ConsumerLink> links = new ArrayList<>();
            for (PluginSpec plugin : consumer.plugins()) {
                Scope scope = plugin.route() == null ? Scope.CONSUMER : Scope.CONSUMER_ROUTE;
                ChainLink link = link(plugin, scope, source, environment, errors);
                if (link != null) {
                    links.add(new ConsumerLink(link, plugin.route()));
                }
            }
            if (!links.isEmpty()) {
                consumerLinks.put(consumer.username(), links);
            }
        }
        Map<String, RouteChains> chains = new HashMap<>();
        for (RouteSpec route : spec.routes()) {
            Map<String, ChainLink> merged = new LinkedHashMap<>();
            override(merged, global);
            override(merged, byService.getOrDefault(route.service(), List.of()));
            List<ChainLink> routeLinks = links(route.plugins(), Scope.ROUTE, "routes[" + route.name() + "]", environment, errors);
            shared.addAll(routeLinks);
            override(merged, routeLinks);
            RouteInfo info = new RouteInfo(route.name(), route.service());
            if (!specialize(merged, info, errors)) {
                continue;
            }
            PluginChain base = new PluginChain(new ArrayList<>(merged.values()));
            chains.put(route.name(), new RouteChains(base, Set.copyOf(consumerLinks.keySet()),
                    username -> consumerChain(merged, base, consumerLinks.get(username), info)));
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(null, errors);
        }
        Map<String, List<ChainLink>> byConsumer = new HashMap<>();
        consumerLinks.forEach((username, links) ->
                byConsumer.put(username, links.stream().map(ConsumerLink::link).toList()));
        return new CompiledChains(chains, shared, byConsumer);
    }

    /** Replaces every link with its plugin as it serves {@code route}; false (and an error) when one refuses. */
    private static boolean specialize(Map<String, ChainLink> links, RouteInfo route, List<ConfigError> errors) {
        for (Map.Entry<String, ChainLink> entry : links.entrySet()) {
            ChainLink link = entry.getValue();
            try {
                entry.setValue(link.forRoute(route));
            } catch (RuntimeException e) {
                errors.add(new ConfigError(link.source() + "." + link.name(),
                        "cannot start the plugin for route " + route.name() + ": " + e.getMessage(), 0, 0));
                return false;
            }
        }
        return true;
    }

    /**
     * Consumer plugins replace same-named route ones; consumer+route ones replace both. Runs when the
     * consumer first calls the route.
     */
    private static PluginChain consumerChain(Map<String, ChainLink> routeLinks, PluginChain base, List<ConsumerLink> own,
                                             RouteInfo route) {
        Map<String, ChainLink> merged = new LinkedHashMap<>(routeLinks);
        boolean changed = false;
        for (ConsumerLink consumerLink : own) {
            if (consumerLink.route() == null) {
                merged.put(consumerLink.link().name(), consumerLink.link().forRoute(route));
                changed = true;
            }
        }
        for (ConsumerLink consumerLink : own) {
            if (route.name().equals(consumerLink.route())) {
                merged.put(consumerLink.link().name(), consumerLink.link().forRoute(route));
                changed = true;
            }
        }
        return changed ? new PluginChain(new ArrayList<>(merged.values())) : base;
    }

    /** A consumer's plugin; {@code route} is set for consumer+route scope. */
    private record ConsumerLink(ChainLink link, String route) {}

    private static void override(Map<String, ChainLink> merged, List<ChainLink> links) {
        for (ChainLink link : links) {
            merged.put(link.name(), link);
        }
    }

    private List<ChainLink> links(List<PluginSpec> plugins, Scope scope, String source, Environment environment,
                                  List<ConfigError> errors) {
        List<ChainLink> links = new ArrayList<>(plugins.size());
        for (PluginSpec plugin : plugins) {
            ChainLink link = link(plugin, scope, source, environment, errors);
            if (link != null) {
                links.add(link);
            }
        }
        return links;
    }

    private ChainLink link(PluginSpec spec, Scope scope, String source, Environment environment, List<ConfigError> errors) {
        PluginType<?> type = registry.find(spec.name());
        String where = scope == Scope.CONSUMER_ROUTE ? source + "@" + spec.route() : source;
        if (type == null) {
            errors.add(new ConfigError(where, "unknown plugin \"" + spec.name() + "\"", 0, 0));
            return null;
        }
        Plugin plugin;
        try {
            plugin = create(type, spec.parsedConfig(), new CompiledPluginContext(where, environment, services));
        } catch (RuntimeException e) {
            errors.add(new ConfigError(where + "." + spec.name(), "cannot start the plugin: " + e.getMessage(), 0, 0));
            return null;
        }
        int priority = spec.priority() != null ? spec.priority() : type.priority();
        return new ChainLink(type.name(), phases(type, spec.parsedConfig()), scope, where, priority, plugin);
    }

    /** The configuration's phases, never more than the type declares. */
    @SuppressWarnings("unchecked")
    private static <C> Set<Phase> phases(PluginType<C> type, Object config) {
        Set<Phase> used = type.phases((C) config);
        if (!type.phases().containsAll(used)) {
            throw new IllegalStateException("plugin " + type.name() + " uses phases it does not declare: " + used);
        }
        return used;
    }

    @SuppressWarnings("unchecked")
    private static <C> Plugin create(PluginType<C> type, Object config, CompiledPluginContext context) {
        return type.create((C) config, context);
    }

    /** What plugin contexts share within one configuration: its consumers, indexed, and its cluster Redis. */
    record Environment(Map<String, Consumer> byName, List<ConsumerCredential<Credential>> credentials,
                       RedisSettings clusterRedis) {

        static Environment of(List<ConsumerSpec> specs, RedisSettings clusterRedis) {
            Map<String, Consumer> byName = new HashMap<>();
            List<ConsumerCredential<Credential>> credentials = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (ConsumerSpec spec : specs) {
                Consumer consumer = new Consumer(spec.username(), spec.groups());
                if (seen.add(spec.username())) {
                    byName.put(spec.username(), consumer);
                }
                for (List<Credential> list : spec.credentials().values()) {
                    for (Credential credential : list) {
                        credentials.add(new ConsumerCredential<>(consumer, credential));
                    }
                }
            }
            return new Environment(Map.copyOf(byName), List.copyOf(credentials), clusterRedis);
        }
    }
}
