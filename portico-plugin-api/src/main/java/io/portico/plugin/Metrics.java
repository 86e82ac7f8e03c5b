package io.portico.plugin;

/**
 * Prometheus metrics a plugin may define and record; everything defined here appears on the admin
 * listener's {@code GET /metrics}. Families are registered once per process: asking again for a name
 * with the same kind and label names returns the same family (so a reloaded configuration keeps
 * counting), anything else is refused with {@link IllegalArgumentException}.
 *
 * <p>Label values must come from configuration (route, service and consumer names, plugin names),
 * never from request data, so that the number of series stays bounded. Resolve the handles ({@link
 * CounterFamily#labels}) when the plugin is created or specialised for a route ({@link Plugin#forRoute}),
 * not per request; recording on a handle is lock-free and safe from any thread.
 */
public interface Metrics {

    /** Request-latency buckets, in seconds: half a millisecond to a minute. */
    double[] LATENCY_SECONDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

    /**
     * A counter family; {@code name} is snake_case and ends in {@code _total}, e.g.
     * {@code portico_rate_limited_total}.
     */
    CounterFamily counter(String name, String help, String... labelNames);

    /** A gauge family: a value that goes up and down (queue depth, open things). */
    GaugeFamily gauge(String name, String help, String... labelNames);

    /** A histogram family with the given bucket upper bounds (ascending; {@code +Inf} is implied). */
    HistogramFamily histogram(String name, String help, double[] upperBounds, String... labelNames);

    interface CounterFamily {
        /** The series for these label values, in the order of the family's label names. */
        Counter labels(String... labelValues);
    }

    interface Counter {
        void increment();

        void add(long amount);
    }

    interface GaugeFamily {
        Gauge labels(String... labelValues);
    }

    interface Gauge {
        void set(double value);

        void add(double amount);
    }

    interface HistogramFamily {
        Histogram labels(String... labelValues);
    }

    interface Histogram {
        void observe(double value);
    }
}
