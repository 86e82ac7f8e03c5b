package io.portico.plugins.ratelimiting;

/**
 * Where one limit stood when a request was checked against it, before the request was counted.
 *
 * @param room             requests the limit still allowed; the request passes this limit when >= 1
 * @param resetMillis      until the limit is back to full (the window ends, or the bucket refills)
 * @param retryAfterMillis until one more request would pass; 0 when one passes now
 */
record PeriodUsage(Limit limit, long room, long resetMillis, long retryAfterMillis) {

    boolean allows() {
        return room >= 1;
    }

    /**
     * A window's usage: {@code current} requests counted in this window, {@code previous} in the one
     * before, which the sliding window weighs by how much of it still overlaps the last period.
     */
    static PeriodUsage window(Limit limit, boolean sliding, long previous, long current, long nowMillis) {
        long windowMillis = limit.period().millis();
        long untilEnd = windowMillis - Math.floorMod(nowMillis, windowMillis);
        long used = current + (sliding ? weighted(previous, untilEnd, windowMillis) : 0);
        long room = Math.max(0, limit.count() - used);
        long retryAfter = 0;
        if (room < 1) {
            retryAfter = sliding ? slidingWait(limit.count(), previous, current, untilEnd, windowMillis) : untilEnd;
        }
        return new PeriodUsage(limit, room, untilEnd, retryAfter);
    }

    /** A token bucket's usage, with {@code tokens} in it after refilling up to now. */
    static PeriodUsage bucket(Limit limit, double tokens) {
        double millisPerToken = (double) limit.period().millis() / limit.count();
        long room = (long) Math.floor(tokens);
        double afterThis = room >= 1 ? tokens - 1 : tokens;
        long reset = (long) Math.ceil((limit.capacity() - afterThis) * millisPerToken);
        long retryAfter = room >= 1 ? 0 : (long) Math.ceil((1 - tokens) * millisPerToken);
        return new PeriodUsage(limit, room, reset, retryAfter);
    }

    /**
     * The previous window's share of the sliding period, rounded up so that the approximation never
     * lets more through than it estimates. Redis's script computes the same with Lua's math.ceil.
     */
    static long weighted(long previous, long untilEndMillis, long windowMillis) {
        if (previous == 0) {
            return 0;
        }
        return -Math.floorDiv(-previous * untilEndMillis, windowMillis); // ceiling division
    }

    /** How long until the previous window's weight (or, failing that, this one's) has shrunk enough. */
    private static long slidingWait(long limit, long previous, long current, long untilEnd, long windowMillis) {
        if (current < limit && previous > 0) {
            // weighted(previous, r) <= limit - 1 - current once r <= (limit - 1 - current) * W / previous
            long r = (limit - 1 - current) * windowMillis / previous;
            return Math.max(1, untilEnd - r);
        }
        if (current == 0) {
            return untilEnd;
        }
        // This window becomes the previous one: wait for its weight to fall to limit - 1.
        long r = (limit - 1) * windowMillis / current;
        return untilEnd + (windowMillis - r);
    }
}
