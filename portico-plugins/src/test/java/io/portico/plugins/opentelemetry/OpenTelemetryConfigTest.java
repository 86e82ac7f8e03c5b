package io.portico.plugins.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.testing.ConfigProbe;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenTelemetryConfigTest {

    private static final String ENDPOINT = "http://127.0.0.1:4318/v1/traces";
    private static final String ENDPOINT_RULE = "(expected: an http or https URL such as http://127.0.0.1:4318/v1/traces)";

    private final OpenTelemetryPluginType type = new OpenTelemetryPluginType();

    @Test
    void readsAnEndpointWithTheDefaults() {
        ConfigProbe<OpenTelemetryConfig> probe = ConfigProbe.read(type, Map.of("endpoint", ENDPOINT));

        assertThat(probe.problems()).isEmpty();
        assertThat(probe.config()).isEqualTo(new OpenTelemetryConfig(new ExportSettings(URI.create(ENDPOINT), Map.of(),
                List.of(SpanAttribute.of("service.name", "portico")), 200, Duration.ofSeconds(3), 10_000,
                Duration.ofSeconds(10)), 1.0));
    }

    @Test
    void readsEveryKey() {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("service.name", "edge");
        resource.put("deployment.environment", "prod");
        resource.put("service.instance.number", 3);
        resource.put("canary", true);
        resource.put("weight", 0.5);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("endpoint", "https://collector.example.com/v1/traces?tenant=blue");
        config.put("headers", Map.of("Authorization", "Bearer abc"));
        config.put("resource_attributes", resource);
        config.put("sampling_rate", 0.25);
        config.put("batch_span_count", 50);
        config.put("batch_flush_delay", "500ms");
        config.put("max_queued_spans", 2000);
        config.put("timeout", "2s");

        ConfigProbe<OpenTelemetryConfig> probe = ConfigProbe.read(type, config);

        assertThat(probe.problems()).isEmpty();
        ExportSettings export = probe.config().export();
        assertThat(export.endpoint()).isEqualTo(URI.create("https://collector.example.com/v1/traces?tenant=blue"));
        assertThat(export.headers()).containsExactly(Map.entry("Authorization", "Bearer abc"));
        assertThat(export.resourceAttributes()).containsExactly(SpanAttribute.of("service.name", "edge"),
                SpanAttribute.of("deployment.environment", "prod"), SpanAttribute.of("service.instance.number", 3L),
                SpanAttribute.of("canary", true), new SpanAttribute("weight", 0.5));
        assertThat(export.batchSpanCount()).isEqualTo(50);
        assertThat(export.batchFlushDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(export.maxQueuedSpans()).isEqualTo(2000);
        assertThat(export.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(probe.config().samplingRate()).isEqualTo(0.25);
    }

    @Test
    void readsTheSamplingRateFromAVariable() {
        assertThat(ConfigProbe.read(type, Map.of("endpoint", ENDPOINT, "sampling_rate", "0.1")).config().samplingRate())
                .isEqualTo(0.1);
        assertThat(ConfigProbe.read(type, Map.of("endpoint", ENDPOINT, "sampling_rate", 0)).config().samplingRate())
                .isZero();
    }

    @Test
    void requiresAnEndpoint() {
        assertThat(ConfigProbe.read(type, Map.of()).problems()).containsExactly("config.endpoint: missing " + ENDPOINT_RULE);
    }

    @Test
    void rejectsAnEndpointThatIsNotAnHttpUrl() {
        for (String endpoint : List.of("127.0.0.1:4318", "ftp://collector/v1/traces", "http:///v1/traces",
                "http://user:password@collector/v1/traces", "http://collector/v1/traces#spans", "http://col lector/")) {
            assertThat(ConfigProbe.read(type, Map.of("endpoint", endpoint)).problems()).as(endpoint)
                    .containsExactly("config.endpoint: \"" + endpoint + "\" " + ENDPOINT_RULE);
        }
    }

    @Test
    void reportsEveryProblemInOnePass() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("endpoint", "udp://collector");
        config.put("sampling_rate", 1.5);
        config.put("batch_span_count", 0);
        config.put("batch_flush_delay", 3);
        config.put("max_queued_spans", 2_000_000);
        config.put("timeout", "0s");
        config.put("propagation", "b3");

        ConfigProbe<OpenTelemetryConfig> probe = ConfigProbe.read(type, config);

        assertThat(probe.config()).isNull();
        assertThat(probe.problems()).containsExactly(
                "config.endpoint: \"udp://collector\" " + ENDPOINT_RULE,
                "config.sampling_rate: 1.5 (expected: a number between 0 and 1)",
                "config.batch_span_count: 0 (expected: between 1 and 10000)",
                "config.batch_flush_delay: 3 (expected: a duration such as 250ms, 5s, 2m)",
                "config.max_queued_spans: 2000000 (expected: between 1 and 1000000)",
                "config.timeout: \"0s\" (expected: > 0)",
                "config.propagation: unknown key \"propagation\" (expected one of: endpoint, headers, "
                        + "resource_attributes, sampling_rate, batch_span_count, batch_flush_delay, max_queued_spans, "
                        + "timeout)");
    }

    @Test
    void needsRoomInTheQueueForAWholeBatch() {
        ConfigProbe<OpenTelemetryConfig> probe = ConfigProbe.read(type,
                Map.of("endpoint", ENDPOINT, "batch_span_count", 500, "max_queued_spans", 100));

        assertThat(probe.problems()).containsExactly("config.max_queued_spans: 100 (expected: >= batch_span_count (500))");
    }

    @Test
    void neverShowsAHeaderValue() {
        ConfigProbe<OpenTelemetryConfig> probe = ConfigProbe.read(type,
                Map.of("endpoint", ENDPOINT, "headers", Map.of("Authorization", "Bearer s3cret\r\nX-Injected: 1")));

        assertThat(probe.problems()).containsExactly(
                "config.headers.Authorization: <hidden> (expected: text without control characters)");
    }

    @Test
    void rejectsHeadersPorticoSetsOrHttpForbids() {
        for (String name : List.of("Content-Type", "host", "Content-Length", "Connection", "Upgrade", "Expect",
                "Transfer-Encoding", "bad name", "")) {
            ConfigProbe<OpenTelemetryConfig> probe = ConfigProbe.read(type,
                    Map.of("endpoint", ENDPOINT, "headers", Map.of(name, "x")));

            assertThat(probe.problems()).as(name).containsExactly("config.headers." + name + ": \"" + name
                    + "\" (expected: " + OpenTelemetryPluginType.HEADER_NAME_RULE + ")");
        }
    }

    @Test
    void hidesHeaderValuesInTheConfigsText() {
        OpenTelemetryConfig config = ConfigProbe.read(type,
                Map.of("endpoint", ENDPOINT, "headers", Map.of("Authorization", "Bearer s3cret"))).config();

        assertThat(config.toString()).contains("Authorization").doesNotContain("s3cret");
    }

    @Test
    void rejectsResourceAttributesOtlpCannotCarry() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("service.name", "");
        attributes.put("team", List.of("a", "b"));
        attributes.put("owner", Map.of("name", "x"));
        attributes.put("load", Double.NaN);

        ConfigProbe<OpenTelemetryConfig> probe = ConfigProbe.read(type, Map.of("endpoint", ENDPOINT,
                "resource_attributes", attributes));

        assertThat(probe.problems()).containsExactly(
                "config.resource_attributes.service.name: \"\" (expected: a non-empty service name)",
                "config.resource_attributes.team: a list (expected: text, a number or true/false)",
                "config.resource_attributes.owner: a mapping (expected: text, a number or true/false)",
                "config.resource_attributes.load: NaN (expected: text, a number or true/false)");
    }
}
