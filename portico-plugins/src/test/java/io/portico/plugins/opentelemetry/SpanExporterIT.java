package io.portico.plugins.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.plugin.testing.TestMetrics;
import io.portico.plugins.TestReceiver.Answer;
import io.portico.plugins.opentelemetry.OtlpReceiver.Received;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The batch exporter against a real OTLP/HTTP receiver: batching, retries, drops, closing. */
class SpanExporterIT {

    private static final RetryPolicy QUICK_RETRIES = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100));
    private static final Duration NEVER = Duration.ofMinutes(10);

    private final OtlpReceiver receiver = OtlpReceiver.start();
    private final TestMetrics metrics = new TestMetrics();
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final List<SpanExporter> exporters = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        for (SpanExporter exporter : exporters) {
            exporter.beginClose(deadline);
        }
        receiver.close();
        workers.shutdownNow();
        assertThat(workers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void sendsABatchAsSoonAsItIsFull() {
        SpanExporter exporter = exporter(settings(3, NEVER, 100));

        exportSpans(exporter, 0, 3);

        List<Received> requests = receiver.awaitRequests(1);
        assertThat(requests.get(0).spans()).extracting(span -> span.get("name").asText())
                .containsExactly("span-0", "span-1", "span-2");
        awaitCount("portico_spans_exported_total", 3);
    }

    @Test
    void sendsAPartialBatchAfterTheFlushDelay() {
        SpanExporter exporter = exporter(settings(100, Duration.ofMillis(300), 1000));
        long exportedAt = System.nanoTime();

        exportSpans(exporter, 0, 2);

        List<Received> requests = receiver.awaitRequests(1);
        assertThat(requests.get(0).spans()).hasSize(2);
        assertThat(Duration.ofNanos(requests.get(0).arrivedNanos() - exportedAt)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void splitsWhatIsQueuedIntoBatchesInOrder() {
        SpanExporter exporter = exporter(settings(3, Duration.ofMillis(200), 1000));

        exportSpans(exporter, 0, 7);

        List<JsonNode> spans = receiver.awaitSpans(7);
        assertThat(spans).extracting(span -> span.get("name").asText())
                .containsExactly("span-0", "span-1", "span-2", "span-3", "span-4", "span-5", "span-6");
        assertThat(receiver.requests()).allSatisfy(request -> assertThat(request.spans()).hasSizeBetween(1, 3));
        awaitCount("portico_spans_exported_total", 7);
    }

    @Test
    void postsJsonWithTheConfiguredHeaders() {
        ExportSettings settings = new ExportSettings(receiver.endpoint(), Map.of("Authorization", "Bearer s3cret",
                "X-Tenant", "blue"), List.of(SpanAttribute.of("service.name", "edge")), 1, NEVER, 10, Duration.ofSeconds(5));
        SpanExporter exporter = exporter(settings);

        exportSpans(exporter, 0, 1);

        Received request = receiver.awaitRequests(1).get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo(OtlpReceiver.PATH);
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("Authorization")).isEqualTo("Bearer s3cret");
        assertThat(request.header("X-Tenant")).isEqualTo("blue");
        assertThat(request.body().at("/resourceSpans/0/resource/attributes/0/value/stringValue").asText()).isEqualTo("edge");
    }

    @Test
    void retriesTransientFailuresAndDeliversOnce() {
        receiver.answer(Answer.status(503), Answer.status(429));
        SpanExporter exporter = exporter(settings(2, NEVER, 100));

        exportSpans(exporter, 0, 2);

        awaitCount("portico_spans_exported_total", 2);
        List<Received> requests = receiver.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests.get(2).body()).isEqualTo(requests.get(0).body());
        assertThat(metrics.value("portico_spans_dropped_total", "export_failed")).isZero();
    }

    @Test
    void dropsAndCountsABatchAfterItsLastTry() {
        receiver.otherwise(Answer.status(502));
        SpanExporter exporter = exporter(settings(2, NEVER, 100));

        exportSpans(exporter, 0, 2);

        awaitCount("portico_spans_dropped_total", 2, "export_failed");
        assertThat(receiver.requests()).hasSize(QUICK_RETRIES.maxAttempts());
        receiver.otherwise(Answer.status(200));
        exportSpans(exporter, 2, 2);
        awaitCount("portico_spans_exported_total", 2);
    }

    @Test
    void neverRetriesABatchTheCollectorRejects() {
        receiver.answer(Answer.status(400));
        SpanExporter exporter = exporter(settings(1, NEVER, 100));

        exportSpans(exporter, 0, 1);
        awaitCount("portico_spans_dropped_total", 1, "export_failed");
        exportSpans(exporter, 1, 1);
        awaitCount("portico_spans_exported_total", 1);

        assertThat(receiver.requests()).hasSize(2);
        assertThat(receiver.spans()).extracting(span -> span.get("name").asText()).containsExactly("span-0", "span-1");
    }

    @Test
    void retriesWhenTheCollectorDropsTheConnection() throws Exception {
        try (ServerSocket hangsUp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = new AtomicInteger();
            Thread acceptor = new Thread(() -> {
                while (!hangsUp.isClosed()) {
                    try (Socket socket = hangsUp.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            SpanExporter exporter = exporter(new ExportSettings(URI.create("http://127.0.0.1:" + hangsUp.getLocalPort()
                    + "/v1/traces"), Map.of(), List.of(), 1, NEVER, 10, Duration.ofSeconds(5)));

            exportSpans(exporter, 0, 1);

            awaitCount("portico_spans_dropped_total", 1, "export_failed");
            assertThat(connections.get()).isEqualTo(QUICK_RETRIES.maxAttempts());
        }
    }

    @Test
    void waitsAsLongAsRetryAfterAsks() {
        receiver.answer(new Answer(503, Map.of("Retry-After", "1"), "{}"));
        SpanExporter exporter = exporter(settings(1, NEVER, 10), new RetryPolicy(2, Duration.ofMillis(10),
                Duration.ofSeconds(5)));

        exportSpans(exporter, 0, 1);

        awaitCount("portico_spans_exported_total", 1);
        List<Received> requests = receiver.requests();
        assertThat(Duration.ofNanos(requests.get(1).arrivedNanos() - requests.get(0).arrivedNanos()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void dropsAndCountsSpansWhileTheQueueIsFull() {
        receiver.hold();
        SpanExporter exporter = exporter(settings(5, NEVER, 5));
        exportSpans(exporter, 0, 5);
        receiver.awaitRequests(1); // the worker holds those five, waiting for the collector

        exportSpans(exporter, 5, 8);

        assertThat(metrics.value("portico_spans_dropped_total", "queue_full")).isEqualTo(3);
        assertThat(exporter.queued()).isEqualTo(5);
        receiver.release();
        awaitCount("portico_spans_exported_total", 10);
        assertThat(receiver.spans()).extracting(span -> span.get("name").asText()).containsExactly("span-0", "span-1",
                "span-2", "span-3", "span-4", "span-5", "span-6", "span-7", "span-8", "span-9");
    }

    @Test
    void accountsForEverySpanExportedFromManyThreadsAtOnce() throws Exception {
        SpanExporter exporter = exporter(settings(200, Duration.ofMillis(10), 1000));
        int threads = 4;
        int perThread = 5000;
        List<Thread> exporting = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t * perThread;
            Thread thread = new Thread(() -> exportSpans(exporter, first, perThread), "exporting-" + t);
            thread.start();
            exporting.add(thread);
        }
        for (Thread thread : exporting) {
            thread.join();
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        exporter.beginClose(deadline);
        assertThat(exporter.awaitClosed(deadline)).isTrue();

        double exported = metrics.value("portico_spans_exported_total");
        double queueFull = metrics.value("portico_spans_dropped_total", "queue_full");
        assertThat(exported + queueFull).isEqualTo(threads * perThread);
        assertThat(metrics.value("portico_spans_dropped_total", "export_failed")).isZero();
        assertThat(receiver.spans()).hasSize((int) exported);
        assertThat(receiver.requests()).allSatisfy(request -> assertThat(request.spans()).hasSizeLessThanOrEqualTo(200));
        assertThat(exporter.queued()).isZero();
    }

    @Test
    void countsSpansAnAcceptingCollectorRejected() {
        receiver.answer(new Answer(200, Map.of(), "{\"partialSuccess\":{\"rejectedSpans\":\"2\",\"errorMessage\":\"too old\"}}"));
        SpanExporter exporter = exporter(settings(5, NEVER, 10));

        exportSpans(exporter, 0, 5);

        awaitCount("portico_spans_exported_total", 3);
        assertThat(metrics.value("portico_spans_dropped_total", "export_failed")).isEqualTo(2);
        assertThat(receiver.requests()).hasSize(1);
    }

    @Test
    void closingSendsWhatIsQueuedAndRefusesMore() {
        SpanExporter exporter = exporter(settings(100, NEVER, 1000));
        exportSpans(exporter, 0, 3);

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        exporter.beginClose(deadline);

        assertThat(exporter.awaitClosed(deadline)).isTrue();
        assertThat(receiver.spans()).hasSize(3);
        assertThat(metrics.value("portico_spans_exported_total")).isEqualTo(3);
        exportSpans(exporter, 3, 1);
        assertThat(metrics.value("portico_spans_dropped_total", "export_failed")).isEqualTo(1);
    }

    @Test
    void givesItsThreadBackWhenIdleAndStartsAgainForTheNextSpan() {
        SpanExporter exporter = new SpanExporter(settings(1, NEVER, 10), "test", QUICK_RETRIES,
                ExportMetrics.register(metrics), workers, Duration.ofMillis(100));
        exporters.add(exporter);

        exportSpans(exporter, 0, 1);
        receiver.awaitRequests(1);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !exporter.working());
        exportSpans(exporter, 1, 1);

        receiver.awaitRequests(2);
        assertThat(receiver.spans()).extracting(span -> span.get("name").asText()).containsExactly("span-0", "span-1");
    }

    private ExportSettings settings(int batchSpanCount, Duration flushDelay, int maxQueued) {
        return new ExportSettings(receiver.endpoint(), Map.of(), List.of(SpanAttribute.of("service.name", "portico")),
                batchSpanCount, flushDelay, maxQueued, Duration.ofSeconds(5));
    }

    private SpanExporter exporter(ExportSettings settings) {
        return exporter(settings, QUICK_RETRIES);
    }

    private SpanExporter exporter(ExportSettings settings, RetryPolicy retry) {
        SpanExporter exporter = new SpanExporter(settings, "test", retry, ExportMetrics.register(metrics), workers);
        exporters.add(exporter);
        return exporter;
    }

    private static void exportSpans(SpanExporter exporter, int first, int count) {
        for (int i = first; i < first + count; i++) {
            exporter.export(new Span(1, 2, i + 1, 0, null, "span-" + i, SpanKind.SERVER, 1, 2, List.of(),
                    SpanStatus.UNSET, null));
        }
    }

    private void awaitCount(String name, double expected, String... labels) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> metrics.value(name, labels) == expected);
    }
}
