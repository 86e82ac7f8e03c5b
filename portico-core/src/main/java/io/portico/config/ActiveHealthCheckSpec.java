package io.portico.config;

import java.time.Duration;

/**
 * {@code health_checks.active}: Portico probes each target with {@code GET path}; a 2xx or 3xx answer
 * within {@code timeout} is a success.
 *
 * @param healthyAfter   consecutive successes that bring an unhealthy target back
 * @param unhealthyAfter consecutive failures that take a healthy target out
 */
public record ActiveHealthCheckSpec(
        String path, Duration interval, Duration timeout, int healthyAfter, int unhealthyAfter) {}
