package io.portico.proxy;

import io.portico.chain.ChainCompiler;
import io.portico.chain.CompiledChains;
import io.portico.chain.RouteChains;
import io.portico.config.ConfigError;
import io.portico.config.ConfigException;
import io.portico.config.HostPort;
import io.portico.config.PorticoSpec;
import io.portico.config.RouteSpec;
import io.portico.config.ServiceSpec;
import io.portico.net.CidrSet;
import io.portico.routing.RouteTable;
import io.portico.transport.Transport;
import io.portico.upstream.Upstream;
import io.portico.upstream.UpstreamRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a validated {@link PorticoSpec} into a {@link GatewaySnapshot}. Runs off the event loops (it
 * may resolve host names). Health checks of the new snapshot are not started here: the caller starts
 * them when it swaps the snapshot in, and closes the previous one.
 */
public final class SnapshotCompiler {

    private final Transport transport;
    private final ChainCompiler chains;

    public SnapshotCompiler(Transport transport, ChainCompiler chains) {
        this.transport = transport;
        this.chains = chains;
    }

    /**
     * @param previous the snapshot being replaced (null at start): target health carries over, and so does
     *                 the state of each circuit breaker whose spec is unchanged
     * @throws ConfigException when a target or service host cannot be resolved
     */
    public GatewaySnapshot compile(PorticoSpec spec, GatewaySnapshot previous) throws ConfigException {
        UpstreamRegistry upstreams;
        try {
            upstreams = UpstreamRegistry.create(spec.upstreams(), previous == null ? null : previous.upstreams(), transport);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(null, List.of(new ConfigError("upstreams", e.getMessage(), 0, 0)));
        }
        List<ConfigError> errors = new ArrayList<>();
        Map<String, ServiceRuntime> services = new HashMap<>();
        for (int i = 0; i < spec.services().size(); i++) {
            ServiceSpec service = spec.services().get(i);
            Upstream upstream = upstreams.get(service.url().host());
            if (upstream == null || service.url().port() >= 0) {
                int port = service.url().port() >= 0 ? service.url().port() : 80;
                try {
                    upstream = Upstream.direct(new HostPort(service.url().host(), port));
                } catch (IllegalArgumentException e) {
                    errors.add(new ConfigError("services[" + i + "].url", e.getMessage(), 0, 0));
                    continue;
                }
            }
            ServiceRuntime old = previous == null ? null : previous.service(service.name());
            services.put(service.name(), ServiceRuntime.of(service, upstream, old));
        }
        if (!errors.isEmpty()) {
            upstreams.close();
            throw new ConfigException(null, errors);
        }
        CompiledChains compiled;
        try {
            compiled = chains.compile(spec);
        } catch (ConfigException e) {
            upstreams.close();
            throw e;
        }
        List<RouteTable.Entry<RouteTarget>> entries = new ArrayList<>(spec.routes().size());
        Map<String, RouteTarget> byName = new HashMap<>();
        for (RouteSpec route : spec.routes()) {
            RouteTarget target = target(route, services, compiled.routes().get(route.name()));
            entries.add(new RouteTable.Entry<>(route, target));
            byName.put(route.name(), target);
        }
        CidrSet trusted = CidrSet.of(spec.proxy().trustedProxies());
        return new GatewaySnapshot(spec, RouteTable.compile(entries), byName, services, upstreams, trusted,
                compiled);
    }

    private static RouteTarget target(RouteSpec route, Map<String, ServiceRuntime> services, RouteChains chains) {
        if (route.response() != null) {
            return new RouteTarget.Static(route.name(), route.response(), chains);
        }
        if (route.aggregate() != null) {
            return new RouteTarget.Aggregate(route.name(), AggregatePlan.of(route.aggregate(), services), chains);
        }
        return new RouteTarget.Proxied(route.name(), services.get(route.service()), route.stripPath(), route.preserveHost(),
                chains);
    }
}
