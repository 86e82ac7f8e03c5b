/**
 * The {@code rate-limiting} plugin: limits per second, minute, hour, day and month, decided in the
 * access phase before anything is proxied, counted locally (lock-free, bounded memory) or in Redis (one
 * atomic script per decision, behind a timeout and a breaker). Refused requests are never counted.
 */
package io.portico.plugins.ratelimiting;
