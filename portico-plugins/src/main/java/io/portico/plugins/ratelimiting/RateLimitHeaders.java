package io.portico.plugins.ratelimiting;

import io.portico.plugin.Headers;
import java.util.List;

/**
 * Writes a decision as headers: the IETF draft's {@code RateLimit-Limit}, {@code -Remaining},
 * {@code -Reset} (seconds) for the most restrictive limit and {@code RateLimit-Policy} listing every
 * limit, Kong's {@code X-RateLimit-Limit-<Period>} / {@code X-RateLimit-Remaining-<Period>} for each,
 * and {@code Retry-After} (seconds) on a refusal.
 */
final class RateLimitHeaders {

    private final String policy;

    RateLimitHeaders(List<Limit> limits) {
        StringBuilder policy = new StringBuilder();
        for (Limit limit : limits) {
            if (!policy.isEmpty()) {
                policy.append(", ");
            }
            policy.append(limit.capacity()).append(";w=").append(limit.period().millis() / 1000);
            if (limit.capacity() != limit.count()) {
                policy.append(";burst=").append(limit.capacity()).append(";rate=").append(limit.count());
            }
        }
        this.policy = policy.toString();
    }

    void write(Decision decision, Headers headers, boolean hideLimits) {
        if (!decision.allowed()) {
            headers.set("Retry-After", Long.toString(seconds(decision.retryAfterMillis())));
        }
        if (hideLimits) {
            return;
        }
        for (PeriodUsage usage : decision.usages()) {
            headers.set(usage.limit().period().limitHeader(), Long.toString(usage.limit().capacity()));
            headers.set(usage.limit().period().remainingHeader(), Long.toString(decision.remaining(usage)));
        }
        PeriodUsage most = decision.mostRestrictive();
        headers.set("RateLimit-Limit", Long.toString(most.limit().capacity()));
        headers.set("RateLimit-Remaining", Long.toString(decision.remaining(most)));
        headers.set("RateLimit-Reset", Long.toString(seconds(most.resetMillis())));
        headers.set("RateLimit-Policy", policy);
    }

    /** Whole seconds, rounded up: a client that waits that long is not refused for being early. */
    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
