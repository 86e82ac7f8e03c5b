package io.portico.plugins.ratelimiting;

/**
 * What the limits said about one request, kept on the exchange for the response headers.
 *
 * @param usages one per configured limit, in period order, as they stood before the request counted
 */
record Decision(boolean allowed, PeriodUsage[] usages) {

    /** The remaining requests a limit shows to the client: the request itself counts when allowed. */
    long remaining(PeriodUsage usage) {
        return allowed ? Math.max(0, usage.room() - 1) : usage.room();
    }

    /** The limit with the fewest remaining requests (the shortest period on a tie): it drives RateLimit-*. */
    PeriodUsage mostRestrictive() {
        PeriodUsage most = usages[0];
        for (PeriodUsage usage : usages) {
            if (usage.room() < most.room()) {
                most = usage;
            }
        }
        return most;
    }

    /** Until every refusing limit lets one request through again. */
    long retryAfterMillis() {
        long longest = 0;
        for (PeriodUsage usage : usages) {
            longest = Math.max(longest, usage.retryAfterMillis());
        }
        return longest;
    }
}
