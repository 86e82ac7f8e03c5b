/**
 * The Redis client code that plugins keeping state in Redis share ({@code rate-limiting}, {@code quota},
 * {@code proxy-cache}): one multiplexed asynchronous connection per URL (text or binary values), scripts
 * run by SHA, a breaker around a Redis that keeps failing, and the {@code redis:} config block.
 */
package io.portico.plugins.redis;
