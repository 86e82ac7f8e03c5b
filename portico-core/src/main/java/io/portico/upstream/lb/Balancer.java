package io.portico.upstream.lb;

import io.portico.config.HashOnSpec;
import io.portico.config.UpstreamSpec.Algorithm;
import io.portico.upstream.BalancingContext;
import io.portico.upstream.Target;
import io.portico.upstream.TriedTargets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/** Picks one target for a request among a fixed set. Implementations are immutable and thread-safe. */
public interface Balancer {

    /** A target not in {@code tried}, or null when every target has been tried (or there is none). */
    Target select(BalancingContext context, TriedTargets tried);

    /**
     * A balancer over {@code targets} (targets of weight 0 are left out).
     *
     * @param hashOn the key of consistent-hash; ignored by the other algorithms
     * @param ticker the clock of the targets' latency estimates (p2c-ewma)
     */
    static Balancer create(Algorithm algorithm, HashOnSpec hashOn, List<Target> targets, LongSupplier ticker) {
        List<Target> weighted = new ArrayList<>(targets.size());
        for (Target target : targets) {
            if (target.weight() > 0) {
                weighted.add(target);
            }
        }
        if (weighted.isEmpty()) {
            return EmptyBalancer.INSTANCE;
        }
        if (weighted.size() == 1) {
            return new SingleTargetBalancer(weighted.get(0));
        }
        return switch (algorithm) {
            case ROUND_ROBIN -> new RoundRobinBalancer(weighted);
            case LEAST_CONNECTIONS -> new LeastConnectionsBalancer(weighted);
            case CONSISTENT_HASH -> new ConsistentHashBalancer(weighted, hashOn == null ? HashOnSpec.IP : hashOn);
            case P2C_EWMA -> new P2cEwmaBalancer(weighted, ticker);
        };
    }

    /** A balancer that never selects anything. */
    static Balancer empty() {
        return EmptyBalancer.INSTANCE;
    }
}
