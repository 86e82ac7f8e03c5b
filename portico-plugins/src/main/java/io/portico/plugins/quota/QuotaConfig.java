package io.portico.plugins.quota;

import io.portico.plugins.redis.RedisOptions;
import java.util.List;

/**
 * @param allowances        one per configured period, day before month; never empty once read without problems
 * @param redis             where policy redis counts; null for policy local
 * @param denyOnRedisFailure with policy redis, refuse (503) rather than let through requests Redis cannot count
 */
record QuotaConfig(List<Allowance> allowances, RedisOptions redis, boolean hideClientHeaders,
                   boolean denyOnRedisFailure) {

    QuotaConfig {
        allowances = List.copyOf(allowances);
    }
}
