package io.portico.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portico.server.GatewayFixture;
import io.portico.testing.RecordedRequest;
import io.portico.testing.TestOrigin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every observability plugin on at once, as an operator would run them: one request must be findable
 * by the same request id and trace id in the file log, the HTTP log, the exported spans, the origin's
 * headers and the metrics.
 */
class ObservabilityPluginsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN = "00f067aa0ba902b7";

    private static final TestReceiver httpLog = TestReceiver.start();
    private static final TestReceiver otlp = TestReceiver.start();
    private static final Path logFile = temporaryFile();

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            services: [{name: catalog, url: "http://${ORIGIN}/v1"}]
            routes: [{name: items, paths: ["/items"], service: catalog}]
            plugins:
              - name: correlation-id
              - name: prometheus
              - {name: file-log, config: {path: "${LOG_FILE}"}}
              - {name: http-log, config: {http_endpoint: "${HTTP_LOG}", queue: {max_coalescing_delay: 50ms}}}
              - {name: opentelemetry, config: {endpoint: "${OTLP}", batch_flush_delay: 50ms}}
            """;

    @RegisterExtension
    static final PluginGateway gateway = new PluginGateway(CONFIG, Map.of(
            "LOG_FILE", logFile.toString(),
            "HTTP_LOG", httpLog.uri("/logs").toString(),
            "OTLP", otlp.uri("/v1/traces").toString()));

    private final GatewayFixture portico = gateway.portico();
    private final TestOrigin origin = gateway.origin();

    @AfterAll
    static void stopReceivers() throws IOException {
        httpLog.close();
        otlp.close();
        Files.deleteIfExists(logFile);
    }

    private static Path temporaryFile() {
        try {
            return Files.createTempFile("portico-observability-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void oneRequestCarriesTheSameIdsThroughLogsTracesAndMetrics() throws Exception {
        HttpResponse<String> response = portico.send(portico.request("/items/42?page=2")
                .header("X-Request-Id", "obs-request-1")
                .header("traceparent", "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-request-id")).hasValue("obs-request-1");
        assertThat(response.headers().firstValue("x-portico-upstream-latency")).isPresent();

        RecordedRequest upstream = origin.awaitRequests(1).get(0);
        assertThat(upstream.header("x-request-id")).isEqualTo("obs-request-1");
        String[] sent = upstream.header("traceparent").split("-");
        assertThat(sent[1]).as("the trace continues upstream").isEqualTo(TRACE_ID);
        String porticoClientSpan = sent[2];

        JsonNode fileLine = Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> entryWithId(Files.readAllLines(logFile)), line -> line != null);
        assertThat(fileLine.at("/route/name").asText()).isEqualTo("items");
        assertThat(fileLine.at("/request/uri").asText()).isEqualTo("/items/42?page=2");
        assertThat(fileLine.at("/upstream/tries/0/status").asInt()).isEqualTo(200);

        JsonNode httpEntry = Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> entryWithId(httpLogEntries()), entry -> entry != null);
        assertThat(httpEntry.at("/response/status").asInt()).isEqualTo(200);
        assertThat(httpEntry.at("/request/headers/traceparent").asText()).contains(TRACE_ID);

        List<JsonNode> spans = Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                ObservabilityPluginsIT::exportedSpans, found -> found.size() >= 2);
        JsonNode server = spanOfKind(spans, 2);
        JsonNode client = spanOfKind(spans, 3);
        assertThat(server.get("traceId").asText()).isEqualTo(TRACE_ID);
        assertThat(server.get("parentSpanId").asText()).isEqualTo(CLIENT_SPAN);
        assertThat(attribute(server, "portico.request_id")).isEqualTo("obs-request-1");
        assertThat(client.get("parentSpanId").asText()).isEqualTo(server.get("spanId").asText());
        assertThat(client.get("spanId").asText()).as("the origin's parent is the client span").isEqualTo(porticoClientSpan);
        assertThat(attribute(client, "url.full")).endsWith("/v1/42");

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(portico.scrapeMetrics()
                .value("portico_requests_total", "route", "items", "service", "catalog", "method", "GET", "status", "200"))
                .isEqualTo(1));
        assertThat(portico.scrapeMetrics().sum("portico_log_entries_dropped_total")).isZero();
        assertThat(portico.scrapeMetrics().sum("portico_spans_dropped_total")).isZero();
    }

    private static JsonNode entryWithId(List<String> lines) throws IOException {
        for (String line : lines) {
            JsonNode entry = JSON.readTree(line);
            if ("obs-request-1".equals(entry.path("request_id").asText())) {
                return entry;
            }
        }
        return null;
    }

    private static List<String> httpLogEntries() throws IOException {
        List<String> entries = new ArrayList<>();
        for (TestReceiver.Received batch : httpLog.requests()) {
            for (JsonNode entry : JSON.readTree(batch.body())) {
                entries.add(entry.toString());
            }
        }
        return entries;
    }

    private static List<JsonNode> exportedSpans() throws IOException {
        List<JsonNode> spans = new ArrayList<>();
        for (TestReceiver.Received export : otlp.requests()) {
            for (JsonNode resource : JSON.readTree(export.body()).path("resourceSpans")) {
                for (JsonNode scope : resource.path("scopeSpans")) {
                    scope.path("spans").forEach(spans::add);
                }
            }
        }
        return spans;
    }

    private static JsonNode spanOfKind(List<JsonNode> spans, int kind) {
        return spans.stream().filter(span -> span.path("kind").asInt() == kind).findFirst().orElseThrow();
    }

    private static String attribute(JsonNode span, String key) {
        for (JsonNode attribute : span.path("attributes")) {
            if (attribute.path("key").asText().equals(key)) {
                return attribute.path("value").path("stringValue").asText();
            }
        }
        return null;
    }
}
