package io.portico.observability;

import io.portico.plugin.Metrics;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The process's Prometheus metrics: what the core records and what plugins define through {@link
 * Metrics}. Families live as long as the process, so a reloaded configuration keeps counting where the
 * previous one stopped. Registration happens when configurations are compiled; recording on the
 * returned handles is lock-free.
 */
public final class MetricRegistry implements Metrics {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    /** Every family by name, with how it was defined, so that a second definition can be checked. */
    private final Map<String, Registered> families = new HashMap<>();

    /** The Prometheus registry, for collectors that read their values when scraped (JVM, gauges with callbacks). */
    public PrometheusRegistry prometheus() {
        return registry;
    }

    /** Writes every metric in the Prometheus text format (version 0.0.4). */
    public void scrape(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    public String contentType() {
        return writer.getContentType();
    }

    @Override
    public synchronized CounterFamily counter(String name, String help, String... labelNames) {
        if (!name.endsWith("_total")) {
            throw new IllegalArgumentException("counter " + name + ": the name must end in _total");
        }
        io.prometheus.metrics.core.metrics.Counter counter = (io.prometheus.metrics.core.metrics.Counter) existing(name, "counter", null, labelNames);
        if (counter == null) {
            counter = io.prometheus.metrics.core.metrics.Counter.builder().name(name).help(help).labelNames(labelNames).withoutExemplars().build();
            add(name, "counter", null, labelNames, counter);
        }
        io.prometheus.metrics.core.metrics.Counter family = counter;
        return values -> {
            var point = family.labelValues(checked(name, labelNames, values));
            return new Metrics.Counter() {
                @Override
                public void increment() {
                    point.inc();
                }

                @Override
                public void add(long amount) {
                    point.inc(amount);
                }
            };
        };
    }

    @Override
    public synchronized GaugeFamily gauge(String name, String help, String... labelNames) {
        io.prometheus.metrics.core.metrics.Gauge gauge = (io.prometheus.metrics.core.metrics.Gauge) existing(name, "gauge", null, labelNames);
        if (gauge == null) {
            gauge = io.prometheus.metrics.core.metrics.Gauge.builder().name(name).help(help).labelNames(labelNames).withoutExemplars().build();
            add(name, "gauge", null, labelNames, gauge);
        }
        io.prometheus.metrics.core.metrics.Gauge family = gauge;
        return values -> {
            var point = family.labelValues(checked(name, labelNames, values));
            return new Metrics.Gauge() {
                @Override
                public void set(double value) {
                    point.set(value);
                }

                @Override
                public void add(double amount) {
                    point.inc(amount);
                }
            };
        };
    }

    @Override
    public synchronized HistogramFamily histogram(String name, String help, double[] upperBounds, String... labelNames) {
        io.prometheus.metrics.core.metrics.Histogram histogram = (io.prometheus.metrics.core.metrics.Histogram) existing(name, "histogram", upperBounds, labelNames);
        if (histogram == null) {
            histogram = io.prometheus.metrics.core.metrics.Histogram.builder().name(name).help(help).labelNames(labelNames).classicOnly()
                    .classicUpperBounds(upperBounds).withoutExemplars().build();
            add(name, "histogram", upperBounds, labelNames, histogram);
        }
        io.prometheus.metrics.core.metrics.Histogram family = histogram;
        return values -> family.labelValues(checked(name, labelNames, values))::observe;
    }

    /** The family already registered under {@code name}, or null; refuses one defined differently. */
    private Object existing(String name, String kind, double[] upperBounds, String[] labelNames) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name " + name + " (expected: snake_case, [a-z_][a-z0-9_]*)");
        }
        Registered registered = families.get(name);
        if (registered == null) {
            return null;
        }
        if (!registered.kind.equals(kind) || !Arrays.equals(registered.labelNames, labelNames)
                || !Arrays.equals(registered.upperBounds, upperBounds)) {
            throw new IllegalArgumentException("metric " + name + " is already defined as a " + registered.kind
                    + " with labels " + Arrays.toString(registered.labelNames));
        }
        return registered.family;
    }

    private void add(String name, String kind, double[] upperBounds, String[] labelNames,
                     io.prometheus.metrics.model.registry.Collector family) {
        registry.register(family);
        families.put(name, new Registered(kind, labelNames.clone(), upperBounds == null ? null : upperBounds.clone(), family));
    }

    private static String[] checked(String name, String[] labelNames, String[] values) {
        if (values.length != labelNames.length) {
            throw new IllegalArgumentException("metric " + name + ": " + values.length + " label values for labels "
                    + Arrays.toString(labelNames));
        }
        for (String value : values) {
            if (value == null) {
                throw new IllegalArgumentException("metric " + name + ": a null label value");
            }
        }
        return values;
    }

    private record Registered(String kind, String[] labelNames, double[] upperBounds, Object family) {}
}
