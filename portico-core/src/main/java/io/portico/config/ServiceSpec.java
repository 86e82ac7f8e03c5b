package io.portico.config;

import java.time.Duration;
import java.util.List;

/**
 * One entry of {@code services:}.
 *
 * @param readTimeout    longest wait for the next bytes of the upstream response
 * @param retries        never null; {@link RetrySpec#NONE} when absent
 * @param circuitBreaker null when the service has none
 */
public record ServiceSpec(
        String name,
        ServiceUrl url,
        Duration connectTimeout,
        Duration readTimeout,
        RetrySpec retries,
        CircuitBreakerSpec circuitBreaker,
        List<PluginSpec> plugins) {

    public ServiceSpec {
        plugins = List.copyOf(plugins);
    }
}
