package io.portico.plugins.ratelimiting;

import io.portico.plugins.redis.RedisOptions;
import java.util.List;

/**
 * The {@code rate-limiting} config (Kong's keys).
 *
 * @param limits         one per configured period, shortest first
 * @param headerName     the header counted by, for limit_by header; else null
 * @param redis          for policy redis; null for policy local
 * @param onRedisFailure what decides while Redis cannot
 * @param nodeCount      the local fallback allows each limit divided by this
 */
record RateLimitingConfig(List<Limit> limits, LimitBy limitBy, String headerName, Algorithm algorithm, RedisOptions redis,
                          boolean hideClientHeaders, int errorCode, String errorMessage, OnRedisFailure onRedisFailure,
                          int nodeCount) {

    enum OnRedisFailure {
        LOCAL, ALLOW, DENY
    }

    RateLimitingConfig {
        limits = List.copyOf(limits);
    }

    /** The limits each node enforces on its own while Redis is unavailable. */
    List<Limit> fallbackLimits() {
        return limits.stream()
                .map(limit -> new Limit(limit.period(), share(limit.count()), share(limit.capacity())))
                .toList();
    }

    private long share(long count) {
        return Math.max(1, count / nodeCount);
    }
}
