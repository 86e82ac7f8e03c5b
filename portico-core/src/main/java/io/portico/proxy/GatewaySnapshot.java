package io.portico.proxy;

import io.netty.handler.codec.http.HttpHeaders;
import io.portico.chain.ChainLink;
import io.portico.chain.ChainReport;
import io.portico.chain.CompiledChains;
import io.portico.chain.RouteChains;
import io.portico.config.ConsumerSpec;
import io.portico.config.LimitsSpec;
import io.portico.config.MatchCriteria;
import io.portico.config.PorticoSpec;
import io.portico.config.RouteSpec;
import io.portico.config.ServiceSpec;
import io.portico.config.ServiceUrl;
import io.portico.http.InvalidPathException;
import io.portico.http.NormalizedTarget;
import io.portico.http.PathNormalizer;
import io.portico.net.CidrSet;
import io.portico.routing.RouteMatch;
import io.portico.routing.RouteTable;
import io.portico.upstream.Target;
import io.portico.upstream.Upstream;
import io.portico.upstream.UpstreamRegistry;
import io.portico.upstream.breaker.CircuitBreaker;
import io.portico.plugin.CachePurge;
import io.portico.plugin.Consumer;
import io.portico.plugin.ConsumerUsage;
import io.portico.plugin.Plugin;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One configuration, compiled: the route index, services and upstreams. Immutable; requests read the
 * snapshot that was current when their head arrived and keep it to the end, so a reload never
 * changes a request half-way.
 */
public final class GatewaySnapshot {

    private final PorticoSpec spec;
    private final RouteTable<RouteTarget> routes;
    private final UpstreamRegistry upstreams;
    private final CidrSet trustedProxies;
    /** The same targets as {@link #routes}, by route name, for reports (never read by the data path). */
    private final Map<String, RouteTarget> byName;
    private final Map<String, ServiceRuntime> services;
    private final CompiledChains chains;

    GatewaySnapshot(PorticoSpec spec, RouteTable<RouteTarget> routes, Map<String, RouteTarget> byName,
                    Map<String, ServiceRuntime> services, UpstreamRegistry upstreams, CidrSet trustedProxies,
                    CompiledChains chains) {
        this.spec = spec;
        this.routes = routes;
        this.byName = Map.copyOf(byName);
        this.services = Map.copyOf(services);
        this.upstreams = upstreams;
        this.trustedProxies = trustedProxies;
        this.chains = chains;
    }

    public PorticoSpec spec() {
        return spec;
    }

    public LimitsSpec limits() {
        return spec.proxy().limits();
    }

    public UpstreamRegistry upstreams() {
        return upstreams;
    }

    /** The circuit breaker of a service, or null when there is no such service or it has none. */
    public CircuitBreaker circuitBreaker(String serviceName) {
        ServiceRuntime service = services.get(serviceName);
        return service == null || service.circuit() == null ? null : service.circuit().breaker();
    }

    /** The services' circuit breakers by service name, in configuration order; services without one are left out. */
    public Map<String, CircuitBreaker> circuitBreakers() {
        Map<String, CircuitBreaker> breakers = new LinkedHashMap<>();
        for (ServiceSpec declared : spec.services()) {
            CircuitBreaker breaker = circuitBreaker(declared.name());
            if (breaker != null) {
                breakers.put(declared.name(), breaker);
            }
        }
        return Collections.unmodifiableMap(breakers);
    }

    /** The plugin chains of a route, or null when no route has that name. */
    public RouteChains chains(String routeName) {
        RouteTarget target = byName.get(routeName);
        return target == null ? null : target.chains();
    }

    /** True when {@code consumers:} declares this username. */
    public boolean hasConsumer(String username) {
        for (ConsumerSpec consumer : spec.consumers()) {
            if (consumer.username().equals(username)) {
                return true;
            }
        }
        return false;
    }

    /**
     * What a declared consumer has used, from every plugin instance that counts per consumer ({@link
     * ConsumerUsage}) and can run for its requests: global, service and route plugins and its own, each
     * instance once. A plugin whose answer fails is reported as {@code {"error": "unavailable"}} so that
     * one unreachable store does not hide the others. Off the data path: for the admin API.
     *
     * @throws IllegalArgumentException when no consumer has this username (check with {@link #hasConsumer})
     */
    public CompletionStage<List<UsageEntry>> consumerUsage(String username) {
        Consumer consumer = null;
        for (ConsumerSpec declared : spec.consumers()) {
            if (declared.username().equals(username)) {
                consumer = new Consumer(declared.username(), declared.groups());
                break;
            }
        }
        if (consumer == null) {
            throw new IllegalArgumentException("consumer: \"" + username + "\" (expected: the username of a consumer)");
        }
        Set<Plugin> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<CompletableFuture<UsageEntry>> entries = new ArrayList<>();
        for (ChainLink link : chains.linksFor(username)) {
            if (link.plugin() instanceof ConsumerUsage counting && seen.add(link.plugin())) {
                entries.add(usage(counting, consumer)
                        .thenApply(usage -> new UsageEntry(link.name(), link.source(), usage)));
            }
        }
        return CompletableFuture.allOf(entries.toArray(new CompletableFuture<?>[0]))
                .thenApply(done -> entries.stream().map(CompletableFuture::join).toList());
    }

    /**
     * Asks every cache of this configuration ({@link CachePurge}: global, service, route and consumer
     * plugin instances, each once) to remove the target's entries; completes with the number removed.
     * A cache whose purge fails makes the whole purge fail: a purge that may not have happened must not
     * look done. Off the data path: for the admin API.
     */
    public CompletionStage<Long> purgeCaches(CachePurge.Target target) {
        Set<Plugin> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<CompletableFuture<Long>> purges = new ArrayList<>();
        List<ChainLink> links = new ArrayList<>(chains.shared());
        chains.byConsumer().values().forEach(links::addAll);
        for (ChainLink link : links) {
            if (link.plugin() instanceof CachePurge cache && seen.add(link.plugin())) {
                try {
                    purges.add(cache.purge(target).toCompletableFuture());
                } catch (RuntimeException e) {
                    purges.add(CompletableFuture.failedFuture(e));
                }
            }
        }
        return CompletableFuture.allOf(purges.toArray(new CompletableFuture<?>[0]))
                .thenApply(done -> purges.stream().mapToLong(CompletableFuture::join).sum());
    }

    private static CompletableFuture<Map<String, Object>> usage(ConsumerUsage counting, Consumer consumer) {
        CompletableFuture<Map<String, Object>> usage;
        try {
            usage = counting.usage(consumer).toCompletableFuture();
        } catch (RuntimeException e) {
            usage = CompletableFuture.failedFuture(e);
        }
        return usage.exceptionally(failure -> Map.of("error", "unavailable"));
    }

    /**
     * Routes a request the way {@link DownstreamHandler} does (path normalization, then the route index),
     * without running anything. Off the data path: for {@code portico explain} and the admin API.
     *
     * @param requestTarget the origin-form target, {@code /path?query}, as a client would send it
     * @param host          the Host header as sent (any case, may carry a port), or null
     * @param headers       the request headers, or null for none
     */
    public RouteLookup lookup(String method, String requestTarget, String host, HttpHeaders headers) {
        NormalizedTarget target;
        try {
            target = PathNormalizer.normalize(requestTarget);
        } catch (InvalidPathException e) {
            return new RouteLookup.UnsafePath(e.getMessage());
        }
        RouteMatch<RouteTarget> match = routes.match(host, target.path(), method, headers);
        if (match instanceof RouteMatch.Found<RouteTarget> found) {
            return new RouteLookup.Matched(found.value().routeName(), target.path());
        }
        if (match instanceof RouteMatch.MethodNotAllowed<RouteTarget> notAllowed) {
            return new RouteLookup.MethodNotAllowed(notAllowed.allowedMethods());
        }
        return new RouteLookup.NoRoute();
    }

    /**
     * The canary split a route belongs to: every route with the same match criteria and a weight, in
     * declaration order (the route itself included), or an empty list when the route has no weight.
     * Off the data path, for {@code portico explain}.
     */
    public List<RouteSpec> weightedGroup(String routeName) {
        RouteSpec route = null;
        for (RouteSpec candidate : spec.routes()) {
            if (candidate.name().equals(routeName)) {
                route = candidate;
            }
        }
        if (route == null || route.weight() == null) {
            return List.of();
        }
        MatchCriteria criteria = MatchCriteria.of(route);
        List<RouteSpec> members = new ArrayList<>();
        for (RouteSpec candidate : spec.routes()) {
            if (candidate.weight() != null && MatchCriteria.of(candidate).equals(criteria)) {
                members.add(candidate);
            }
        }
        return List.copyOf(members);
    }

    /**
     * The effective chain of a route, and where it leads.
     *
     * @param consumer a declared consumer's username, or null for the chain before anyone is identified
     * @throws IllegalArgumentException when there is no such route or consumer (check with {@link #chains}
     *                                  and {@link #hasConsumer} first)
     */
    public ChainReport chainReport(String routeName, String consumer) {
        RouteTarget target = byName.get(routeName);
        if (target == null) {
            throw new IllegalArgumentException("route: \"" + routeName + "\" (expected: the name of a route)");
        }
        if (consumer != null && !hasConsumer(consumer)) {
            throw new IllegalArgumentException("consumer: \"" + consumer + "\" (expected: the username of a consumer)");
        }
        return ChainReport.of(routeName, consumer, target.chains(), describe(target));
    }

    private ChainReport.Target describe(RouteTarget target) {
        if (target instanceof RouteTarget.Aggregate aggregate) {
            List<ChainReport.AggregateBackend> backends = new ArrayList<>();
            for (AggregatePlan.Backend backend : aggregate.plan().backends()) {
                backends.add(new ChainReport.AggregateBackend(backend.spec().service(), backend.spec().path(),
                        backend.spec().key(), backend.spec().optional()));
            }
            return new ChainReport.Aggregate(TimeUnit.NANOSECONDS.toMillis(aggregate.plan().timeoutNanos()), backends);
        }
        if (!(target instanceof RouteTarget.Proxied proxied)) {
            for (RouteSpec route : spec.routes()) {
                if (route.name().equals(target.routeName())) {
                    return new ChainReport.StaticResponse(route.response().status());
                }
            }
            throw new IllegalStateException("route " + target.routeName() + " is not in its own configuration");
        }
        ServiceRuntime service = proxied.service();
        ServiceUrl url = null;
        for (ServiceSpec candidate : spec.services()) {
            if (candidate.name().equals(service.name())) {
                url = candidate.url();
            }
        }
        if (url == null) {
            throw new IllegalStateException("service " + service.name() + " is not in its own configuration");
        }
        Upstream upstream = service.upstream();
        // A service URL with a port, or whose host names no upstream, has a direct upstream of its own.
        boolean named = upstreams.get(url.host()) == upstream;
        List<String> targets = new ArrayList<>(upstream.targets().size());
        for (Target each : upstream.targets()) {
            targets.add(each.address().toString());
        }
        return new ChainReport.Service(service.name(), url.toString(), named ? upstream.name() : null, targets);
    }

    /** The compiled service of this name, or null. */
    ServiceRuntime service(String name) {
        return services.get(name);
    }

    RouteTable<RouteTarget> routes() {
        return routes;
    }

    CidrSet trustedProxies() {
        return trustedProxies;
    }
}
