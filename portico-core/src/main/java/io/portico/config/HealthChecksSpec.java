package io.portico.config;

/** {@code health_checks}: either part may be null (not configured). */
public record HealthChecksSpec(ActiveHealthCheckSpec active, PassiveHealthCheckSpec passive) {

    public static final HealthChecksSpec NONE = new HealthChecksSpec(null, null);
}
