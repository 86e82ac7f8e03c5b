package io.portico.config;

import java.util.List;

/** The whole configuration file, as written, after validation. */
public record PorticoSpec(
        int version,
        ProxySpec proxy,
        AdminSpec admin,
        ClusterSpec cluster,
        List<UpstreamSpec> upstreams,
        List<ServiceSpec> services,
        List<RouteSpec> routes,
        List<ConsumerSpec> consumers,
        List<PluginSpec> plugins) {

    public PorticoSpec {
        upstreams = List.copyOf(upstreams);
        services = List.copyOf(services);
        routes = List.copyOf(routes);
        consumers = List.copyOf(consumers);
        plugins = List.copyOf(plugins);
    }
}
