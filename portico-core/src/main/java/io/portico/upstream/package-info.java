/**
 * Upstreams: named pools of targets that a service's requests are balanced across.
 *
 * <p>{@link io.portico.upstream.UpstreamRegistry} compiles the {@code upstreams:} specs (resolving host
 * names, carrying health over from the registry it replaces). {@link io.portico.upstream.Upstream#select}
 * is called concurrently from every event loop: it reads one volatile snapshot (an immutable balancer over
 * the healthy primaries and one over the healthy backups) and takes no lock. Health transitions, which are
 * rare, rebuild that snapshot. The proxy reports every attempt through {@link io.portico.upstream.Target},
 * which feeds passive health checks and the latency estimate of p2c-ewma.
 *
 * <p>Sub-packages: {@code lb} holds the balancing algorithms, {@code health} the health state machine and
 * the active checker. They are parts of this layer, not separate features, so they refer to its types.
 */
package io.portico.upstream;
