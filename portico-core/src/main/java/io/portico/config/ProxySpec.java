package io.portico.config;

import java.time.Duration;
import java.util.List;

/**
 * The {@code proxy:} section.
 *
 * @param listen          addresses of the plain HTTP listeners
 * @param trustedProxies  CIDR blocks (e.g. {@code 10.0.0.0/8}, {@code ::1/128}) whose X-Forwarded-For is believed
 * @param limits          request size and time limits
 * @param accessLog       where access log lines go
 * @param workers         event loop threads; 0 means one per available processor
 * @param drainTimeout    how long graceful shutdown waits for in-flight requests
 * @param latencyHeaders  whether responses carry {@code X-Portico-Latency} and {@code X-Portico-Upstream-Latency}
 */
public record ProxySpec(
        List<HostPort> listen,
        List<String> trustedProxies,
        LimitsSpec limits,
        AccessLogSpec accessLog,
        int workers,
        Duration drainTimeout,
        boolean latencyHeaders) {

    public ProxySpec {
        listen = List.copyOf(listen);
        trustedProxies = List.copyOf(trustedProxies);
    }
}
