package io.portico.plugins.quota;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginType;
import io.portico.plugins.limiting.RateLimitedCounter;
import io.portico.plugins.redis.RedisOptions;
import io.portico.plugins.redis.RedisStores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code quota}: {@code day} and/or {@code month} allowances per consumer, {@code policy} (local or
 * redis, with a {@code redis} block and {@code on_redis_failure}) and {@code hide_client_headers}. The
 * local counts and the Redis clients live here, so they outlive reloads.
 */
public final class QuotaPluginType implements PluginType<QuotaConfig> {

    static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(50);

    private final LocalQuotas localQuotas = new LocalQuotas();
    private final RedisStores redisStores = new RedisStores("quota", List.of(QuotaScript.INSTANCE));

    public QuotaPluginType() {}

    @Override
    public String name() {
        return "quota";
    }

    @Override
    public Set<Phase> phases() {
        return Set.of(Phase.ACCESS, Phase.RESPONSE_HEADERS);
    }

    /** After rate-limiting (910): a request refused for its rate does not use up the quota. */
    @Override
    public int priority() {
        return 905;
    }

    @Override
    public QuotaConfig readConfig(ConfigReader config) {
        List<Allowance> allowances = new ArrayList<>(2);
        boolean written = false;
        for (QuotaPeriod period : QuotaPeriod.values()) {
            written |= config.has(period.key());
            long limit = config.number(period.key(), 0, 1, Long.MAX_VALUE);
            if (limit > 0) {
                allowances.add(new Allowance(period, limit));
            }
        }
        boolean redisPolicy = config.oneOf("policy", "local", List.of("local", "redis")).equals("redis");
        RedisOptions redis = RedisOptions.read(config.section("redis"), DEFAULT_TIMEOUT);
        boolean deny = config.oneOf("on_redis_failure", "allow", List.of("allow", "deny")).equals("deny");
        boolean hideClientHeaders = config.bool("hide_client_headers", false);
        if (!written) {
            config.problem("day", "missing (expected: at least one of day, month, each >= 1)");
        }
        return new QuotaConfig(allowances, redisPolicy ? redis : null, hideClientHeaders, deny);
    }

    @Override
    public Plugin create(QuotaConfig config, PluginContext context) {
        if (config.redis() == null) {
            return new QuotaPlugin(config, new LocalQuotaCounts(localQuotas, context.scope(), config.allowances()),
                    context.clock(), RateLimitedCounter.of(context.metrics(), name()));
        }
        RedisOptions options = config.redis().orCluster(context.clusterRedis());
        RedisQuotaCounts counts = new RedisQuotaCounts(redisStores.forUrl(options.url()), options, context.scope(),
                config.allowances());
        return new QuotaPlugin(config, counts, context.clock(), RateLimitedCounter.of(context.metrics(), name()));
    }
}
