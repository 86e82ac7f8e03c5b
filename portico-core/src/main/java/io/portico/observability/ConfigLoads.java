package io.portico.observability;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * The configuration a process runs and how its reloads went: the last configuration loaded successfully
 * (its SHA-256, when, from where) for {@code GET /status}, and {@code portico_config_reloads_total{result}}
 * and {@code portico_config_last_reload_timestamp_seconds} for {@code GET /metrics}. Whoever loads
 * configurations reports every attempt here; thread-safe.
 */
public final class ConfigLoads {

    /**
     * A configuration loaded successfully.
     *
     * @param hash   {@code sha256:} and the 64 hex digits of the SHA-256 of the configuration's bytes
     * @param at     when it was loaded
     * @param source where it came from (the file's path)
     */
    public record Loaded(String hash, Instant at, String source) {

        public Loaded {
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(source, "source");
        }
    }

    private final Clock clock;
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile Loaded current;

    private ConfigLoads(Clock clock, Loaded first) {
        this.clock = clock;
        this.current = first;
    }

    /** The loads of a process that started with {@code content}, read from {@code source}. */
    public static ConfigLoads initial(String source, byte[] content) {
        return initial(source, content, Clock.systemUTC());
    }

    public static ConfigLoads initial(String source, byte[] content, Clock clock) {
        return new ConfigLoads(clock, new Loaded(hash(content), clock.instant(), source));
    }

    /** The last configuration loaded successfully (at start or by a reload). */
    public Loaded current() {
        return current;
    }

    /** A reload applied {@code content}, read from {@code source}. */
    public void reloaded(String source, byte[] content) {
        current = new Loaded(hash(content), clock.instant(), source);
        succeeded.increment();
    }

    /** A reload was attempted and the running configuration stayed: invalid, unreadable or not applicable. */
    public void reloadFailed() {
        failed.increment();
    }

    public long reloadsSucceeded() {
        return succeeded.sum();
    }

    public long reloadsFailed() {
        return failed.sum();
    }

    /** Adds the reload metrics to {@code metrics}; both read this object when scraped. */
    public void registerIn(MetricRegistry metrics) {
        CounterWithCallback.builder()
                .name("portico_config_reloads_total")
                .help("Configuration reloads (file change, SIGHUP), by result: success or failure (the previous "
                        + "configuration kept serving).")
                .labelNames("result")
                .callback(callback -> {
                    callback.call(succeeded.sum(), "success");
                    callback.call(failed.sum(), "failure");
                })
                .register(metrics.prometheus());
        GaugeWithCallback.builder()
                .name("portico_config_last_reload_timestamp_seconds")
                .help("When the running configuration was loaded (at start or by the last successful reload), "
                        + "in seconds since the epoch.")
                .callback(callback -> callback.call(current.at().toEpochMilli() / 1000.0))
                .register(metrics.prometheus());
    }

    /** {@code sha256:} and the lower-case hex digest, as {@code sha256sum} prints it. */
    static String hash(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
