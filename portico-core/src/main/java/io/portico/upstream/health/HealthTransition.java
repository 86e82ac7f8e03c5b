package io.portico.upstream.health;

import io.portico.config.HostPort;

/**
 * A target became healthy or unhealthy.
 *
 * @param healthy the target's health right after this transition
 * @param reason  why, e.g. {@code "3 failed active checks; last: status 503"}
 */
public record HealthTransition(String upstream, HostPort target, boolean healthy, String reason) {}
