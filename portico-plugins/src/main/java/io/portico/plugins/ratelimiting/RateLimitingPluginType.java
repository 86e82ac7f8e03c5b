package io.portico.plugins.ratelimiting;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.HttpTokens;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginType;
import io.portico.plugins.limiting.RateLimitedCounter;
import io.portico.plugins.redis.RedisOptions;
import io.portico.plugins.redis.RedisStores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code rate-limiting}: Kong's keys ({@code second} ... {@code month}, {@code limit_by},
 * {@code header_name}, {@code policy}, {@code hide_client_headers}, {@code error_code},
 * {@code error_message}) plus {@code algorithm}, {@code burst}, {@code redis}, {@code on_redis_failure}
 * and {@code node_count}. The local counters and the Redis clients live here, so they outlive reloads.
 */
public final class RateLimitingPluginType implements PluginType<RateLimitingConfig> {

    static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(50);
    static final String DEFAULT_ERROR_MESSAGE = "API rate limit exceeded";

    private static final List<String> LIMIT_BY =
            Arrays.stream(LimitBy.values()).map(LimitBy::configName).toList();
    private static final List<String> ALGORITHMS =
            Arrays.stream(Algorithm.values()).map(Algorithm::configName).toList();

    private final LocalCounters localCounters = new LocalCounters();
    private final RedisStores redisStores = new RedisStores("rate-limiting", List.of(LimitScript.INSTANCE));

    public RateLimitingPluginType() {}

    @Override
    public String name() {
        return "rate-limiting";
    }

    @Override
    public Set<Phase> phases() {
        return Set.of(Phase.ACCESS, Phase.RESPONSE_HEADERS);
    }

    @Override
    public int priority() {
        return 910;
    }

    @Override
    public RateLimitingConfig readConfig(ConfigReader config) {
        Period[] periods = Period.values();
        long[] counts = new long[periods.length];
        boolean periodWritten = false;
        for (Period period : periods) {
            periodWritten |= config.has(period.key());
            counts[period.ordinal()] = config.number(period.key(), 0, 1, Integer.MAX_VALUE);
        }
        LimitBy limitBy = LimitBy.named(config.oneOf("limit_by", "ip", LIMIT_BY));
        String headerName = headerName(config, limitBy);
        Algorithm algorithm = Algorithm.named(config.oneOf("algorithm", "sliding-window", ALGORITHMS));
        long burst = config.number("burst", 0, 1, Integer.MAX_VALUE);
        if (burst > 0 && algorithm != Algorithm.TOKEN_BUCKET) {
            config.expected("burst", "only with algorithm: token-bucket");
        }
        boolean redisPolicy = config.oneOf("policy", "local", List.of("local", "redis")).equals("redis");
        RedisOptions redis = RedisOptions.read(config.section("redis"), DEFAULT_TIMEOUT);
        boolean hideClientHeaders = config.bool("hide_client_headers", false);
        int errorCode = config.integer("error_code", 429, 400, 599);
        String errorMessage = config.string("error_message", DEFAULT_ERROR_MESSAGE);
        RateLimitingConfig.OnRedisFailure onRedisFailure = RateLimitingConfig.OnRedisFailure.valueOf(
                config.oneOf("on_redis_failure", "local", List.of("local", "allow", "deny")).toUpperCase(Locale.ROOT));
        int nodeCount = config.integer("node_count", 1, 1, 10_000);

        List<Limit> limits = new ArrayList<>(periods.length);
        for (Period period : periods) {
            long count = counts[period.ordinal()];
            if (count > 0) {
                limits.add(new Limit(period, count, burst > 0 ? burst : count));
            }
        }
        if (!periodWritten) {
            config.problem("minute", "missing (expected: at least one of second, minute, hour, day, month, each >= 1)");
        }
        return new RateLimitingConfig(limits, limitBy, headerName, algorithm, redisPolicy ? redis : null,
                hideClientHeaders, errorCode, errorMessage, onRedisFailure, nodeCount);
    }

    private static String headerName(ConfigReader config, LimitBy limitBy) {
        String headerName = config.string("header_name", null);
        if (limitBy == LimitBy.HEADER) {
            if (headerName == null) {
                config.problem("header_name", "missing (expected: a header name, with limit_by: header)");
            } else if (!HttpTokens.isToken(headerName)) {
                config.expected("header_name", "a header name");
            }
        } else if (headerName != null) {
            config.expected("header_name", "only with limit_by: header");
        }
        return headerName;
    }

    @Override
    public Plugin create(RateLimitingConfig config, PluginContext context) {
        LocalLimiter local = new LocalLimiter(localCounters, context.scope(), config.algorithm(), config.limits());
        if (config.redis() == null) {
            return new RateLimitingPlugin(config, context.clock(), local, null, null,
                    RateLimitedCounter.of(context.metrics(), name()));
        }
        RedisOptions redisOptions = config.redis().orCluster(context.clusterRedis());
        // The fallback counts apart from a local policy's counters: its limits are a share of the cluster's.
        LocalLimiter fallback = new LocalLimiter(localCounters, context.scope() + " (redis fallback)",
                config.algorithm(), config.fallbackLimits());
        RedisLimiter redis = new RedisLimiter(redisStores.forUrl(redisOptions.url()), redisOptions,
                context.scope(), config.algorithm(), config.limits());
        return new RateLimitingPlugin(config, context.clock(), null, redis, fallback,
                RateLimitedCounter.of(context.metrics(), name()));
    }
}
