package io.portico.upstream.lb;

import io.portico.upstream.BalancingContext;
import io.portico.upstream.Target;
import io.portico.upstream.TriedTargets;

/** No target to choose from: every target of its kind is unhealthy, or the upstream has none. */
final class EmptyBalancer implements Balancer {

    static final EmptyBalancer INSTANCE = new EmptyBalancer();

    private EmptyBalancer() {}

    @Override
    public Target select(BalancingContext context, TriedTargets tried) {
        return null;
    }

    @Override
    public String toString() {
        return "EmptyBalancer";
    }
}
