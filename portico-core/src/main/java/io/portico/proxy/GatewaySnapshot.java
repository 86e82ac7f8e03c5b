package io.portico.proxy;

import io.portico.config.LimitsSpec;
import io.portico.config.PorticoSpec;
import io.portico.net.CidrSet;
import io.portico.routing.RouteTable;
import io.portico.upstream.UpstreamRegistry;

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

    GatewaySnapshot(PorticoSpec spec, RouteTable<RouteTarget> routes, UpstreamRegistry upstreams, CidrSet trustedProxies) {
        this.spec = spec;
        this.routes = routes;
        this.upstreams = upstreams;
        this.trustedProxies = trustedProxies;
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

    RouteTable<RouteTarget> routes() {
        return routes;
    }

    CidrSet trustedProxies() {
        return trustedProxies;
    }
}
