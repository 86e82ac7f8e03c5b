package io.portico.upstream.health;

/**
 * Observes targets turning healthy or unhealthy (for metrics such as
 * {@code portico_upstream_target_healthy}). Called on the thread that caused the transition, an event loop
 * included: it must be quick and must not block.
 */
@FunctionalInterface
public interface HealthListener {

    void healthChanged(HealthTransition transition);
}
