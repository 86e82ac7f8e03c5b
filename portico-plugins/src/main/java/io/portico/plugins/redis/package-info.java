/**
 * The Redis client code that plugins counting in Redis share ({@code rate-limiting}, {@code quota}):
 * one multiplexed asynchronous connection per URL, scripts run by SHA, a breaker around a Redis that
 * keeps failing, and the {@code redis:} config block.
 */
package io.portico.plugins.redis;
