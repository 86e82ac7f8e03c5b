package io.portico.plugins.ratelimiting;

/**
 * One configured limit.
 *
 * @param count    requests allowed per period
 * @param capacity the most requests allowed at once: {@code burst} for a token bucket, else {@code count}
 */
record Limit(Period period, long count, long capacity) {}
