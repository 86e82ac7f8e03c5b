package io.portico.plugins.quota;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Where a configured quota keeps its counts. */
sealed interface QuotaCounts permits LocalQuotaCounts, RedisQuotaCounts {

    /**
     * Counts the request in every period when all allow it; otherwise counts nothing. Completes with
     * null when the store cannot answer (Redis down or slow): the plugin then applies on_redis_failure.
     */
    CompletionStage<QuotaDecision> decide(String username, Instant now);

    /** The counts as they stand, for the usage report. */
    CompletionStage<List<PeriodCount>> peek(String username, Instant now);
}
