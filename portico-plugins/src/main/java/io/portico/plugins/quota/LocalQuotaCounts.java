package io.portico.plugins.quota;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Counts in this process's memory (policy local): every node counts on its own. */
final class LocalQuotaCounts implements QuotaCounts {

    private final LocalQuotas quotas;
    private final String scope;
    private final List<Allowance> allowances;

    LocalQuotaCounts(LocalQuotas quotas, String scope, List<Allowance> allowances) {
        this.quotas = quotas;
        this.scope = scope;
        this.allowances = List.copyOf(allowances);
    }

    /** Decides at once; the stage is already complete. */
    @Override
    public CompletionStage<QuotaDecision> decide(String username, Instant now) {
        return CompletableFuture.completedFuture(quotas.count(new LocalQuotas.Key(scope, username)).decide(allowances, now));
    }

    @Override
    public CompletionStage<List<PeriodCount>> peek(String username, Instant now) {
        ConsumerCount count = quotas.existing(new LocalQuotas.Key(scope, username));
        if (count != null) {
            return CompletableFuture.completedFuture(count.peek(allowances, now));
        }
        List<PeriodCount> unused = new ArrayList<>(allowances.size());
        for (Allowance allowance : allowances) {
            unused.add(new PeriodCount(allowance, 0, allowance.period().reset(now)));
        }
        return CompletableFuture.completedFuture(unused);
    }
}
