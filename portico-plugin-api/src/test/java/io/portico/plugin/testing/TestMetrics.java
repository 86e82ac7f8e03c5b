package io.portico.plugin.testing;

import io.portico.plugin.Metrics;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link Metrics} for plugin unit tests: remembers what was recorded so a test can assert it, and
 * checks label counts like the real registry does.
 */
public final class TestMetrics implements Metrics {

    private final Map<String, Double> values = new ConcurrentHashMap<>();
    private final Map<String, List<Double>> observations = new ConcurrentHashMap<>();

    /** A counter's or gauge's value, 0 when never recorded: {@code value("x_total", "route-a")}. */
    public double value(String name, String... labelValues) {
        return values.getOrDefault(key(name, labelValues), 0.0);
    }

    /** What a histogram series observed, in order. */
    public List<Double> observed(String name, String... labelValues) {
        return observations.getOrDefault(key(name, labelValues), List.of());
    }

    @Override
    public CounterFamily counter(String name, String help, String... labelNames) {
        return labelValues -> {
            String key = checkedKey(name, labelNames, labelValues);
            return new Counter() {
                @Override
                public void increment() {
                    add(1);
                }

                @Override
                public void add(long amount) {
                    values.merge(key, (double) amount, Double::sum);
                }
            };
        };
    }

    @Override
    public GaugeFamily gauge(String name, String help, String... labelNames) {
        return labelValues -> {
            String key = checkedKey(name, labelNames, labelValues);
            return new Gauge() {
                @Override
                public void set(double value) {
                    values.put(key, value);
                }

                @Override
                public void add(double amount) {
                    values.merge(key, amount, Double::sum);
                }
            };
        };
    }

    @Override
    public HistogramFamily histogram(String name, String help, double[] upperBounds, String... labelNames) {
        return labelValues -> {
            String key = checkedKey(name, labelNames, labelValues);
            return value -> observations.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(value);
        };
    }

    private static String checkedKey(String name, String[] labelNames, String[] labelValues) {
        if (labelNames.length != labelValues.length) {
            throw new IllegalArgumentException(name + ": " + labelValues.length + " label values for labels "
                    + Arrays.toString(labelNames));
        }
        return key(name, labelValues);
    }

    private static String key(String name, String[] labelValues) {
        return name + Arrays.toString(labelValues);
    }
}
