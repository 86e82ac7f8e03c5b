package io.portico.plugins.quota;

import io.portico.plugins.redis.RedisOptions;
import io.portico.plugins.redis.RedisStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Counts in Redis (policy redis), shared by every gateway that uses the same Redis and prefix: one
 * {@link QuotaScript} call per request. Keys look like
 * {@code portico:quota:{routes[orders]|alice}:day:1795392000} (the period's start in Unix seconds);
 * the braces keep one consumer's keys in one Redis Cluster slot.
 */
final class RedisQuotaCounts implements QuotaCounts {

    private final RedisStore store;
    private final String keyPrefix;
    private final long timeoutMillis;
    private final List<Allowance> allowances;

    RedisQuotaCounts(RedisStore store, RedisOptions options, String scope, List<Allowance> allowances) {
        this.store = store;
        this.keyPrefix = options.prefix() + "quota:{" + scope + "|";
        this.timeoutMillis = options.timeout().toMillis();
        this.allowances = List.copyOf(allowances);
    }

    /** Completes (on a Redis thread) with the decision, or with null when Redis failed or is skipped. */
    @Override
    public CompletionStage<QuotaDecision> decide(String username, Instant now) {
        if (!store.available()) {
            return CompletableFuture.completedFuture(null);
        }
        return run(username, now, true).thenApply(reply -> reply == null ? null
                : new QuotaDecision(((Number) reply.get(0)).longValue() == 1, counts(reply, now)));
    }

    /** Fails when Redis cannot answer: the report shows this quota as unavailable. */
    @Override
    public CompletionStage<List<PeriodCount>> peek(String username, Instant now) {
        return run(username, now, false).thenApply(reply -> {
            if (reply == null) {
                throw new IllegalStateException("Redis did not answer");
            }
            return counts(reply, now);
        });
    }

    private CompletableFuture<List<Object>> run(String username, Instant now, boolean counting) {
        String base = keyPrefix + username + "}:";
        String[] keys = new String[allowances.size()];
        String[] args = new String[1 + 2 * allowances.size()];
        args[0] = counting ? "1" : "0";
        for (int i = 0; i < keys.length; i++) {
            Allowance allowance = allowances.get(i);
            QuotaPeriod period = allowance.period();
            keys[i] = base + period.key() + ":" + period.start(now).getEpochSecond();
            args[1 + 2 * i] = Long.toString(allowance.limit());
            args[2 + 2 * i] = Long.toString(period.reset(now).getEpochSecond());
        }
        return store.run(QuotaScript.INSTANCE, keys, args, timeoutMillis);
    }

    private List<PeriodCount> counts(List<Object> reply, Instant now) {
        List<PeriodCount> counts = new ArrayList<>(allowances.size());
        for (int i = 0; i < allowances.size(); i++) {
            Allowance allowance = allowances.get(i);
            long used = ((Number) reply.get(1 + i)).longValue();
            counts.add(new PeriodCount(allowance, used, allowance.period().reset(now)));
        }
        return counts;
    }
}
