/**
 * Target health: the state machine of one target ({@link io.portico.upstream.health.TargetHealth}) fed by
 * active checks ({@link io.portico.upstream.health.ActiveHealthChecker}, HTTP probes on the transport's event
 * loops) and by passive checks (the outcomes of proxied attempts), and the transitions it reports.
 *
 * <p>Threading: active results for a target arrive on the one event loop its probe is pinned to; passive
 * results arrive from every event loop. Per-attempt work is a couple of atomic operations; the rare
 * transitions take the target's monitor, and listeners are called outside it.
 */
package io.portico.upstream.health;
