package io.portico.plugins.logging;

import io.portico.plugin.Metrics;

/**
 * A log plugin's counters, resolved once per writer or sender (never per request):
 * {@code portico_log_entries_written_total{plugin}} and
 * {@code portico_log_entries_dropped_total{plugin,reason}} with reason {@code queue_full} or
 * {@code send_failed}.
 */
public record LogMetrics(Metrics.Counter written, Metrics.Counter queueFull, Metrics.Counter sendFailed) {

    public static final String WRITTEN = "portico_log_entries_written_total";
    public static final String DROPPED = "portico_log_entries_dropped_total";

    /** @param plugin the plugin's name, the {@code plugin} label */
    public static LogMetrics register(Metrics metrics, String plugin) {
        Metrics.CounterFamily written = metrics.counter(WRITTEN,
                "Log entries written (file-log: lines) or delivered (http-log), by plugin.", "plugin");
        Metrics.CounterFamily dropped = metrics.counter(DROPPED,
                "Log entries lost, by plugin and reason: queue_full (the writer fell behind), send_failed "
                        + "(not delivered within the retry time, or not writable when the gateway stopped).",
                "plugin", "reason");
        return new LogMetrics(written.labels(plugin), dropped.labels(plugin, "queue_full"),
                dropped.labels(plugin, "send_failed"));
    }
}
