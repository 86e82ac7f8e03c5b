/**
 * A service's circuit breaker: closed, open and half-open, judged on the final outcome of each request.
 *
 * <p>Threading: one breaker is shared by every event loop. Its state is one immutable-identity phase object
 * swapped with compare-and-set, and each phase keeps its own lock-free counters, so a call recorded late (it
 * was let through by a phase that has since ended) is recognised and ignored rather than counted against
 * the next phase.
 */
package io.portico.upstream.breaker;
