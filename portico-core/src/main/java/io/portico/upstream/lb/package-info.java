/**
 * Load-balancing algorithms, one small immutable class each behind {@link io.portico.upstream.lb.Balancer}.
 *
 * <p>A balancer is built over the targets that are healthy at the moment (the upstream rebuilds it when that
 * set changes) and is shared by every event loop: it holds immutable arrays and at most one atomic counter,
 * and {@code select} takes no lock and allocates nothing.
 */
package io.portico.upstream.lb;
