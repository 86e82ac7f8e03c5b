package io.portico.upstream.lb;

import io.portico.upstream.BalancingContext;
import io.portico.upstream.Target;
import io.portico.upstream.TriedTargets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Weighted least-connections: the target with the fewest active requests per unit of weight. The scan starts
 * at a rotating position and keeps the first minimum it meets, so equally loaded targets take turns instead
 * of the first one in the list getting every request.
 */
final class LeastConnectionsBalancer implements Balancer {

    private final Target[] targets;
    private final AtomicInteger rotation = new AtomicInteger();

    LeastConnectionsBalancer(List<Target> targets) {
        this.targets = targets.toArray(new Target[0]);
    }

    @Override
    public Target select(BalancingContext context, TriedTargets tried) {
        int n = targets.length;
        int start = (rotation.getAndIncrement() & Integer.MAX_VALUE) % n;
        Target best = null;
        long bestActive = 0;
        long bestWeight = 1;
        for (int k = 0; k < n; k++) {
            int i = start + k;
            Target candidate = targets[i < n ? i : i - n];
            if (!tried.isEmpty() && tried.contains(candidate)) {
                continue;
            }
            long active = candidate.activeRequests();
            long weight = candidate.weight();
            // active / weight < bestActive / bestWeight, without division.
            if (best == null || active * bestWeight < bestActive * weight) {
                best = candidate;
                bestActive = active;
                bestWeight = weight;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return "LeastConnectionsBalancer" + List.of(targets);
    }
}
