package io.portico.plugins.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.testing.TestMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The plugin type's exporters: shared by equal settings, flushed on close, usable again afterwards. */
class SpanExportersIT {

    private static final RetryPolicy QUICK_RETRIES = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100));

    private final OtlpReceiver receiver = OtlpReceiver.start();
    private final TestMetrics metrics = new TestMetrics();
    private final SpanExporters exporters = new SpanExporters("test", QUICK_RETRIES);

    @AfterEach
    void stop() {
        receiver.release();
        exporters.close(Duration.ofSeconds(2));
        receiver.close();
    }

    @Test
    void equalSettingsShareOneExporter() {
        ExportSettings settings = settings(10, Duration.ofMinutes(10));
        ExportSettings equal = settings(10, Duration.ofMinutes(10));
        ExportSettings other = settings(20, Duration.ofMinutes(10));

        SpanExporter exporter = exporters.exporter(settings, ExportMetrics.register(metrics));

        assertThat(exporters.exporter(equal, ExportMetrics.register(metrics))).isSameAs(exporter);
        assertThat(exporters.exporter(other, ExportMetrics.register(metrics))).isNotSameAs(exporter);
    }

    @Test
    void closeSendsEveryExportersQueue() {
        SpanExporter first = exporters.exporter(settings(100, Duration.ofMinutes(10)), ExportMetrics.register(metrics));
        SpanExporter second = exporters.exporter(settings(50, Duration.ofMinutes(10)), ExportMetrics.register(metrics));
        export(first, "a", 3);
        export(second, "b", 2);

        exporters.close(Duration.ofSeconds(5));

        assertThat(receiver.spans()).extracting(span -> span.get("name").asText())
                .containsExactlyInAnyOrder("a-0", "a-1", "a-2", "b-0", "b-1");
        assertThat(metrics.value("portico_spans_exported_total")).isEqualTo(5);
    }

    @Test
    void closeGivesUpAtItsDeadlineAndCountsWhatIsLeft() {
        receiver.hold();
        SpanExporter exporter = exporters.exporter(settings(1, Duration.ofMinutes(10)), ExportMetrics.register(metrics));
        export(exporter, "stuck", 1);
        receiver.awaitRequests(1);
        export(exporter, "queued", 2);

        long start = System.nanoTime();
        exporters.close(Duration.ofMillis(300));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> metrics.value("portico_spans_dropped_total", "export_failed") == 3);
        assertThat(metrics.value("portico_spans_exported_total")).isZero();
    }

    @Test
    void exportsAgainAfterClose() {
        ExportSettings settings = settings(1, Duration.ofMinutes(10));
        SpanExporter before = exporters.exporter(settings, ExportMetrics.register(metrics));
        exporters.close(Duration.ofSeconds(1));

        SpanExporter after = exporters.exporter(settings, ExportMetrics.register(metrics));
        export(after, "after", 1);

        assertThat(after).isNotSameAs(before);
        receiver.awaitSpans(1);
        assertThat(receiver.spans().get(0).get("name").asText()).isEqualTo("after-0");
    }

    private ExportSettings settings(int batchSpanCount, Duration flushDelay) {
        return new ExportSettings(receiver.endpoint(), Map.of(), List.of(SpanAttribute.of("service.name", "portico")),
                batchSpanCount, flushDelay, 1000, Duration.ofSeconds(5));
    }

    private static void export(SpanExporter exporter, String name, int count) {
        for (int i = 0; i < count; i++) {
            exporter.export(new Span(1, 2, i + 1, 0, null, name + "-" + i, SpanKind.SERVER, 1, 2, List.of(),
                    SpanStatus.UNSET, null));
        }
    }
}
