package io.portico.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.plugin.Metrics;
import io.portico.testing.PrometheusScrape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MetricRegistryTest {

    private final MetricRegistry registry = new MetricRegistry();

    private PrometheusScrape scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        registry.scrape(out);
        return PrometheusScrape.parse(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFamilyRegisteredAgainKeepsCountingWhereItWas() throws IOException {
        registry.counter("portico_things_total", "Things.", "route").labels("a").add(3);

        registry.counter("portico_things_total", "Things.", "route").labels("a").increment();

        assertThat(scrape().value("portico_things_total", "route", "a")).isEqualTo(4);
    }

    @Test
    void refusesAFamilyDefinedDifferentlyUnderAKnownName() {
        registry.counter("portico_things_total", "Things.", "route");

        assertThatThrownBy(() -> registry.counter("portico_things_total", "Things.", "route", "status"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already defined");
        assertThatThrownBy(() -> registry.gauge("portico_things_total", "Things.", "route"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already defined");
        registry.histogram("portico_wait_seconds", "Wait.", new double[] {1, 2});
        assertThatThrownBy(() -> registry.histogram("portico_wait_seconds", "Wait.", new double[] {1, 5}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesBadNamesAndWrongLabelCounts() {
        assertThatThrownBy(() -> registry.counter("portico_things", "No suffix."))
                .hasMessageContaining("_total");
        assertThatThrownBy(() -> registry.gauge("Portico-Things", "Bad."))
                .hasMessageContaining("snake_case");
        Metrics.CounterFamily family = registry.counter("portico_labelled_total", "L.", "route", "plugin");
        assertThatThrownBy(() -> family.labels("only-one")).hasMessageContaining("1 label values");
        assertThatThrownBy(() -> family.labels("a", null)).hasMessageContaining("null");
    }

    @Test
    void writesGaugesAndHistogramsInTheTextFormat() throws IOException {
        registry.gauge("portico_queue_depth", "Depth.", "queue").labels("q").set(7);
        Metrics.Histogram latency = registry.histogram("portico_latency_seconds", "Latency.", new double[] {0.1, 1}, "route")
                .labels("r");
        latency.observe(0.05);
        latency.observe(0.5);
        latency.observe(5);

        PrometheusScrape text = scrape();

        assertThat(text.value("portico_queue_depth", "queue", "q")).isEqualTo(7);
        assertThat(text.type("portico_latency_seconds")).isEqualTo("histogram");
        assertThat(text.value("portico_latency_seconds_bucket", "route", "r", "le", "0.1")).isEqualTo(1);
        assertThat(text.value("portico_latency_seconds_bucket", "route", "r", "le", "1.0")).isEqualTo(2);
        assertThat(text.value("portico_latency_seconds_bucket", "route", "r", "le", "+Inf")).isEqualTo(3);
        assertThat(text.value("portico_latency_seconds_count", "route", "r")).isEqualTo(3);
        assertThat(text.value("portico_latency_seconds_sum", "route", "r")).isEqualTo(5.55);
        assertThat(registry.contentType()).startsWith("text/plain");
    }
}
