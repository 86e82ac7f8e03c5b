package io.portico.config;

import java.time.Duration;
import java.util.List;

/**
 * One entry of {@code services:}.
 *
 * @param readTimeout longest wait for the next bytes of the upstream response
 * @param retries     never null; {@link RetrySpec#NONE} when absent
 */
public record ServiceSpec(
        String name,
        ServiceUrl url,
        Duration connectTimeout,
        Duration readTimeout,
        RetrySpec retries,
        List<PluginSpec> plugins) {

    public ServiceSpec {
        plugins = List.copyOf(plugins);
    }
}
