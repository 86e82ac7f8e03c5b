package io.portico.upstream.lb;

import io.portico.upstream.BalancingContext;
import io.portico.upstream.Target;
import io.portico.upstream.TriedTargets;

/** One target: every algorithm agrees, and no shared counter is touched. */
final class SingleTargetBalancer implements Balancer {

    private final Target target;

    SingleTargetBalancer(Target target) {
        this.target = target;
    }

    @Override
    public Target select(BalancingContext context, TriedTargets tried) {
        return tried.contains(target) ? null : target;
    }

    @Override
    public String toString() {
        return "SingleTargetBalancer" + target;
    }
}
