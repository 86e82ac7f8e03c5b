package io.portico.config;

import java.time.Duration;

/**
 * {@code proxy.limits}: what a client request may cost before Portico refuses it.
 *
 * @param maxRequestLineSize longest request line (method, target, version); longer → 414
 * @param maxHeaderSize      all header lines together; larger → 431
 * @param maxBodySize        request body; larger → 413
 * @param headerTimeout      time to receive a complete request head; slower → 408 (slowloris)
 * @param idleTimeout        a keep-alive connection with no request in flight is closed after this
 */
public record LimitsSpec(
        DataSize maxRequestLineSize,
        DataSize maxHeaderSize,
        DataSize maxBodySize,
        Duration headerTimeout,
        Duration idleTimeout) {}
