package io.portico.plugins.opentelemetry;

import io.portico.plugin.Metrics;

/**
 * What the exporters count: {@code portico_spans_exported_total} and {@code portico_spans_dropped_total}
 * by reason. Families are registered once per process and found again on reloads.
 */
record ExportMetrics(Metrics.Counter exported, Metrics.Counter droppedQueueFull, Metrics.Counter droppedExportFailed) {

    static ExportMetrics register(Metrics metrics) {
        Metrics.CounterFamily dropped = metrics.counter("portico_spans_dropped_total",
                "Spans not exported, by reason: queue_full (the export queue was full) or export_failed "
                        + "(the collector refused them or could not be reached).", "reason");
        return new ExportMetrics(
                metrics.counter("portico_spans_exported_total", "Spans the collector accepted.").labels(),
                dropped.labels("queue_full"),
                dropped.labels("export_failed"));
    }
}
