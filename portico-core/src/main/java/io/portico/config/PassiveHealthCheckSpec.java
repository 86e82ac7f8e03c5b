package io.portico.config;

import java.time.Duration;

/**
 * {@code health_checks.passive}: proxied traffic itself is watched; after {@code unhealthyAfter}
 * consecutive failures (as defined by {@code on}) a target is ejected for {@code ejectFor}, then
 * returns to rotation.
 */
public record PassiveHealthCheckSpec(int unhealthyAfter, FailureConditions on, Duration ejectFor) {}
