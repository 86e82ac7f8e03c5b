package io.portico.observability;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * The {@code jvm_*} and {@code process_*} metrics of the Prometheus client's JVM instrumentation. They
 * describe the process, not a gateway, so they are registered once per process in a registry of their
 * own, which every gateway's registry shows through a view: the instrumentation keeps every registry it
 * is given (and adds GC listeners for each), which would keep stopped gateways alive in a process that
 * starts many (tests, embedding).
 */
final class JvmProcessMetrics implements MultiCollector {

    private static final JvmProcessMetrics INSTANCE = new JvmProcessMetrics();

    private final PrometheusRegistry registry = new PrometheusRegistry();

    private JvmProcessMetrics() {
        JvmMetrics.builder().register(registry);
    }

    /** Shows the process's JVM metrics in {@code target}. */
    static void addTo(PrometheusRegistry target) {
        target.register(INSTANCE);
    }

    @Override
    public MetricSnapshots collect() {
        return registry.scrape();
    }
}
