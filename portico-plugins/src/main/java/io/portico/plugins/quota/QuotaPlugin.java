package io.portico.plugins.quota;

import io.portico.plugin.Action;
import io.portico.plugin.AttributeKey;
import io.portico.plugin.Consumer;
import io.portico.plugin.ConsumerUsage;
import io.portico.plugin.Headers;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.Metrics;
import io.portico.plugin.Plugin;
import io.portico.plugin.ResponseHead;
import io.portico.plugin.RouteInfo;
import io.portico.plugins.limiting.RateLimitedCounter;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Decides in the access phase, before proxying, and reports the counts in the response headers (of
 * proxied responses and of its own 429 alike). A refused request is not counted.
 */
final class QuotaPlugin implements Plugin, ConsumerUsage {

    static final Action.Respond NO_CONSUMER =
            Action.error(403, "quota_requires_consumer", "a quota needs an identified consumer");

    static final Action.Respond REDIS_UNAVAILABLE =
            Action.error(503, "service_unavailable", "the quota cannot be checked right now");

    private static final AttributeKey<Decided> DECIDED = AttributeKey.named("quota.decision");

    /** A decision and the instant it was made at, for Retry-After. */
    private record Decided(QuotaDecision decision, Instant at) {}

    private final QuotaConfig config;
    private final QuotaCounts counts;
    private final Clock clock;
    private final RateLimitedCounter refusals;
    /** This route's refusal count; null in the configured instance, which chains only run specialised. */
    private final Metrics.Counter refused;

    QuotaPlugin(QuotaConfig config, QuotaCounts counts, Clock clock, RateLimitedCounter refusals) {
        this(config, counts, clock, refusals, null);
    }

    private QuotaPlugin(QuotaConfig config, QuotaCounts counts, Clock clock, RateLimitedCounter refusals,
                        Metrics.Counter refused) {
        this.config = config;
        this.counts = counts;
        this.clock = clock;
        this.refusals = refusals;
        this.refused = refused;
    }

    @Override
    public Plugin forRoute(RouteInfo route) {
        return new QuotaPlugin(config, counts, clock, refusals, refusals.forRoute(route));
    }

    @Override
    public Action access(HttpExchange exchange) {
        Consumer consumer = exchange.consumer();
        if (consumer == null) {
            return NO_CONSUMER;
        }
        Instant now = clock.instant();
        CompletableFuture<QuotaDecision> decision = counts.decide(consumer.username(), now).toCompletableFuture();
        if (decision.isDone() && !decision.isCompletedExceptionally()) {
            return decided(exchange, decision.join(), now); // local counts, or Redis skipped: no await
        }
        return Action.await(decision, result -> decided(exchange, result, now));
    }

    private Action decided(HttpExchange exchange, QuotaDecision decision, Instant now) {
        if (decision == null) { // Redis could not count it
            return config.denyOnRedisFailure() ? REDIS_UNAVAILABLE : Action.proceed();
        }
        exchange.setAttribute(DECIDED, new Decided(decision, now));
        if (decision.allowed()) {
            return Action.proceed();
        }
        if (refused != null) {
            refused.increment();
        }
        return Action.error(429, "quota_exceeded", "API quota exceeded")
                .withHeader("Retry-After", Long.toString(decision.retryAfterSeconds(now)));
    }

    @Override
    public void responseHeaders(HttpExchange exchange, ResponseHead response) {
        Decided decided = exchange.attribute(DECIDED);
        if (decided == null || config.hideClientHeaders()) {
            return;
        }
        Headers headers = response.headers();
        for (PeriodCount count : decided.decision().counts()) {
            QuotaPeriod period = count.allowance().period();
            headers.set(period.limitHeader(), Long.toString(count.allowance().limit()));
            headers.set(period.remainingHeader(), Long.toString(count.remaining()));
            headers.set(period.resetHeader(), count.reset().toString());
        }
    }

    /** {@code {"day": {"limit": 1000, "used": 12, "remaining": 988, "reset": "2026-11-23T00:00:00Z"}}}. */
    @Override
    public CompletionStage<Map<String, Object>> usage(Consumer consumer) {
        return counts.peek(consumer.username(), clock.instant()).thenApply(QuotaPlugin::report);
    }

    private static Map<String, Object> report(List<PeriodCount> periodCounts) {
        Map<String, Object> report = new LinkedHashMap<>();
        for (PeriodCount count : periodCounts) {
            Map<String, Object> period = new LinkedHashMap<>();
            period.put("limit", count.allowance().limit());
            period.put("used", count.used());
            period.put("remaining", count.remaining());
            period.put("reset", count.reset().toString());
            report.put(count.allowance().period().key(), period);
        }
        return report;
    }
}
