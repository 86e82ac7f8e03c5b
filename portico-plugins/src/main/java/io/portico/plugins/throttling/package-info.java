/**
 * {@code throttling}: at most N requests in flight per route, service or consumer; extras wait in a
 * bounded FIFO queue for up to {@code queue_timeout}, holding no thread, then get 503 with
 * {@code Retry-After}. Slots are taken in the access phase and given back in the log phase, which runs
 * for every request, including refused ones and clients that went away.
 */
package io.portico.plugins.throttling;
