package io.portico.proxy;

import io.netty.handler.codec.http.FullHttpResponse;
import io.portico.chain.RouteChains;
import io.portico.config.ResponseSpec;

/** What a matched route leads to, compiled once per configuration. */
sealed interface RouteTarget {

    String routeName();

    /** The route's plugins. */
    RouteChains chains();

    /** Forward to a service. */
    record Proxied(String routeName, ServiceRuntime service, boolean stripPath, boolean preserveHost, RouteChains chains)
            implements RouteTarget {}

    /** Call several services in parallel and merge their JSON. */
    record Aggregate(String routeName, AggregatePlan plan, RouteChains chains) implements RouteTarget {}

    /** Answer from Portico itself. */
    final class Static implements RouteTarget {
        private final String routeName;
        private final StaticResponse response;
        private final RouteChains chains;

        Static(String routeName, ResponseSpec spec, RouteChains chains) {
            this.routeName = routeName;
            this.chains = chains;
            this.response = new StaticResponse(spec);
        }

        @Override
        public String routeName() {
            return routeName;
        }

        @Override
        public RouteChains chains() {
            return chains;
        }

        FullHttpResponse newResponse() {
            return response.newResponse();
        }
    }
}
