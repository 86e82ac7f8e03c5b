package io.portico.plugins.ratelimiting;

import java.util.List;

/**
 * Decides with the counters of this process. Each limit is checked and counted atomically on its own;
 * when a later limit refuses, the ones already counted are given back, so a refused request counts
 * nowhere and concurrent requests never exceed any limit.
 */
final class LocalLimiter {

    private final LocalCounters counters;
    private final String scope;
    private final Algorithm algorithm;
    private final Limit[] limits;

    LocalLimiter(LocalCounters counters, String scope, Algorithm algorithm, List<Limit> limits) {
        this.counters = counters;
        this.scope = scope;
        this.algorithm = algorithm;
        this.limits = limits.toArray(new Limit[0]);
    }

    Decision decide(String identity, long nowMillis) {
        PeriodUsage[] usages = new PeriodUsage[limits.length];
        Counter[] used = new Counter[limits.length];
        int refused = -1;
        for (int i = 0; i < limits.length; i++) {
            Counter counter = counters.counter(new LocalCounters.Key(scope, algorithm, limits[i].period(), identity));
            used[i] = counter;
            if (refused >= 0) {
                usages[i] = counter.peek(limits[i], nowMillis);
                continue;
            }
            usages[i] = counter.acquire(limits[i], nowMillis);
            if (!usages[i].allows()) {
                refused = i;
            }
        }
        if (refused < 0) {
            return new Decision(true, usages);
        }
        for (int i = 0; i < refused; i++) {
            used[i].release(limits[i], nowMillis);
        }
        return new Decision(false, usages);
    }
}
