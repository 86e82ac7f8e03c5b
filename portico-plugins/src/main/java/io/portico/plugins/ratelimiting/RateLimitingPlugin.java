package io.portico.plugins.ratelimiting;

import io.portico.plugin.Action;
import io.portico.plugin.AttributeKey;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.Metrics;
import io.portico.plugin.Plugin;
import io.portico.plugin.ResponseHead;
import io.portico.plugin.RouteInfo;
import io.portico.plugins.limiting.RateLimitedCounter;
import java.time.Clock;

/**
 * Decides in the access phase, before the request is proxied, and reports the decision in the
 * response headers (of proxied responses and of its own 429 alike). With policy redis the decision
 * waits for Redis without blocking the event loop; when Redis cannot answer in time (or the breaker
 * says it is down) {@code on_redis_failure} decides at once.
 */
final class RateLimitingPlugin implements Plugin {

    private static final AttributeKey<Decision> DECISION = AttributeKey.named("rate-limiting.decision");
    private static final Action.Respond REDIS_UNAVAILABLE =
            Action.error(503, "service_unavailable", "rate limits cannot be checked right now");

    private final RateLimitingConfig config;
    private final Clock clock;
    private final LocalLimiter local;
    private final RedisLimiter redis;
    private final LocalLimiter fallback;
    private final RateLimitHeaders headers;
    private final Action.Respond refusal;
    private final RateLimitedCounter refusals;
    /** This route's refusal count; null in the configured instance, which chains only run specialised. */
    private final Metrics.Counter refused;

    /** Either {@code local}, or {@code redis} with its {@code fallback}. */
    RateLimitingPlugin(RateLimitingConfig config, Clock clock, LocalLimiter local, RedisLimiter redis,
                       LocalLimiter fallback, RateLimitedCounter refusals) {
        this.config = config;
        this.clock = clock;
        this.local = local;
        this.redis = redis;
        this.fallback = fallback;
        this.headers = new RateLimitHeaders(config.limits());
        this.refusal = Action.error(config.errorCode(), "rate_limited", config.errorMessage());
        this.refusals = refusals;
        this.refused = null;
    }

    private RateLimitingPlugin(RateLimitingPlugin configured, RouteInfo route) {
        this.config = configured.config;
        this.clock = configured.clock;
        this.local = configured.local;
        this.redis = configured.redis;
        this.fallback = configured.fallback;
        this.headers = configured.headers;
        this.refusal = configured.refusal;
        this.refusals = configured.refusals;
        this.refused = refusals.forRoute(route);
    }

    @Override
    public Plugin forRoute(RouteInfo route) {
        return new RateLimitingPlugin(this, route);
    }

    @Override
    public Action access(HttpExchange exchange) {
        String identity = config.limitBy().identify(exchange, config.headerName());
        long nowMillis = clock.millis();
        if (local != null) {
            return decided(exchange, local.decide(identity, nowMillis));
        }
        if (!redis.available()) {
            return redisFailed(exchange, identity, nowMillis);
        }
        return Action.await(redis.decide(identity, nowMillis), decision -> decision == null
                ? redisFailed(exchange, identity, nowMillis)
                : decided(exchange, decision));
    }

    private Action redisFailed(HttpExchange exchange, String identity, long nowMillis) {
        return switch (config.onRedisFailure()) {
            case LOCAL -> decided(exchange, fallback.decide(identity, nowMillis));
            case ALLOW -> Action.proceed();
            case DENY -> REDIS_UNAVAILABLE;
        };
    }

    private Action decided(HttpExchange exchange, Decision decision) {
        exchange.setAttribute(DECISION, decision);
        if (decision.allowed()) {
            return Action.proceed();
        }
        if (refused != null) {
            refused.increment();
        }
        return refusal;
    }

    @Override
    public void responseHeaders(HttpExchange exchange, ResponseHead response) {
        Decision decision = exchange.attribute(DECISION);
        if (decision != null) {
            headers.write(decision, response.headers(), config.hideClientHeaders());
        }
    }
}
