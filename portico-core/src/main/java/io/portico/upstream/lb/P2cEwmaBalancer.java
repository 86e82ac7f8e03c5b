package io.portico.upstream.lb;

import io.portico.upstream.BalancingContext;
import io.portico.upstream.Target;
import io.portico.upstream.TriedTargets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Power of two random choices over a latency-and-load cost: two distinct targets are drawn at random and the
 * cheaper wins, cost = (EWMA latency + 1 ns) × (active requests + 1). Two samples avoid the herd behaviour of
 * always picking the global minimum from stale data, and cost O(1) whatever the number of targets. Weights
 * are not used: the measured latency and load take their place.
 */
final class P2cEwmaBalancer implements Balancer {

    private final Target[] targets;
    private final LongSupplier ticker;

    P2cEwmaBalancer(List<Target> targets, LongSupplier ticker) {
        this.targets = targets.toArray(new Target[0]);
        this.ticker = ticker;
    }

    @Override
    public Target select(BalancingContext context, TriedTargets tried) {
        int n = targets.length;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int a = random.nextInt(n);
        int b = random.nextInt(n - 1);
        if (b >= a) {
            b++;
        }
        Target first = targets[a];
        Target second = targets[b];
        long now = ticker.getAsLong(); // one clock read for both estimates
        if (tried.isEmpty()) {
            return cost(first, now) <= cost(second, now) ? first : second;
        }
        boolean firstFree = !tried.contains(first);
        boolean secondFree = !tried.contains(second);
        if (firstFree && secondFree) {
            return cost(first, now) <= cost(second, now) ? first : second;
        }
        if (firstFree) {
            return first;
        }
        if (secondFree) {
            return second;
        }
        return cheapestUntried(tried, now);
    }

    private Target cheapestUntried(TriedTargets tried, long now) {
        Target best = null;
        double bestCost = Double.MAX_VALUE;
        for (Target candidate : targets) {
            if (!tried.contains(candidate)) {
                double cost = cost(candidate, now);
                if (cost < bestCost) {
                    best = candidate;
                    bestCost = cost;
                }
            }
        }
        return best;
    }

    static double cost(Target target, long nowNanos) {
        return (target.latencyEwmaNanos(nowNanos) + 1.0) * (target.activeRequests() + 1);
    }

    @Override
    public String toString() {
        return "P2cEwmaBalancer" + List.of(targets);
    }
}
