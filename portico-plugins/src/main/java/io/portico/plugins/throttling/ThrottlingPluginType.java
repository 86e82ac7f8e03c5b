package io.portico.plugins.throttling;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginType;
import io.portico.plugins.limiting.RateLimitedCounter;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** {@code throttling}: a bounded number of requests in flight, with a bounded FIFO queue. */
public final class ThrottlingPluginType implements PluginType<ThrottlingConfig> {

    static final String NAME = "throttling";
    static final int MAX_QUEUE_SIZE = 100_000;
    static final Duration DEFAULT_QUEUE_TIMEOUT = Duration.ofSeconds(1);
    /** Under the core's 30 s bound on a plugin's asynchronous step, which would answer 500 instead. */
    static final Duration MAX_QUEUE_TIMEOUT = Duration.ofSeconds(25);
    static final int MAX_RETRY_AFTER_SECONDS = 86_400;

    public ThrottlingPluginType() {}

    @Override
    public String name() {
        return NAME;
    }

    /** Access to take a slot (after acl and ip-restriction, so refused requests take none); log to give it back. */
    @Override
    public Set<Phase> phases() {
        return Set.of(Phase.ACCESS, Phase.LOG);
    }

    @Override
    public int priority() {
        return 900;
    }

    @Override
    public ThrottlingConfig readConfig(ConfigReader config) {
        if (!config.has("max_concurrent")) {
            config.problem("max_concurrent", "missing (expected: a whole number >= 1)");
        }
        int maxConcurrent = config.integer("max_concurrent", 1, 1, Integer.MAX_VALUE);
        int queueSize = config.integer("queue_size", 0, 0, MAX_QUEUE_SIZE);
        Duration queueTimeout = config.duration("queue_timeout", DEFAULT_QUEUE_TIMEOUT);
        if (queueTimeout.compareTo(MAX_QUEUE_TIMEOUT) > 0) {
            config.expected("queue_timeout", "<= 25s");
            queueTimeout = DEFAULT_QUEUE_TIMEOUT;
        }
        String limitBy = config.oneOf("limit_by", "route", List.of("route", "consumer", "service"));
        int retryAfter = config.integer("retry_after", 1, 1, MAX_RETRY_AFTER_SECONDS);
        return new ThrottlingConfig(maxConcurrent, queueSize, queueTimeout, limitBy(limitBy), retryAfter);
    }

    private static ThrottlingConfig.LimitBy limitBy(String name) {
        for (ThrottlingConfig.LimitBy value : ThrottlingConfig.LimitBy.values()) {
            if (value.configName().equals(name)) {
                return value;
            }
        }
        throw new IllegalArgumentException("limit_by: " + name);
    }

    @Override
    public Plugin create(ThrottlingConfig config, PluginContext context) {
        return new ThrottlingPlugin(config, context.scheduler(), RateLimitedCounter.of(context.metrics(), name()));
    }
}
