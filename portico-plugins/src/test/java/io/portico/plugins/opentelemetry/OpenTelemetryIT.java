package io.portico.plugins.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.plugin.PluginRegistry;
import io.portico.server.GatewayFixture;
import io.portico.testing.RecordedRequest;
import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code opentelemetry} in a real gateway, between a real client, a recording origin and a real OTLP/HTTP
 * receiver: what the origin receives, and the spans the receiver gets.
 */
class OpenTelemetryIT {

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            upstreams:
              - name: half-down
                targets: ["${REFUSED}", "${ORIGIN}"]
            services:
              - {name: echo, url: "http://${ORIGIN}"}
              - name: retried
                url: "http://half-down"
                retries: {attempts: 1, on: [connect-failure], budget_percent: 100, min_retries_per_second: 100}
            plugins:
              - name: opentelemetry
                config:
                  endpoint: "${OTLP}"
                  batch_flush_delay: 50ms
                  resource_attributes: {deployment.environment: test}
            routes:
              - name: traced
                paths: ["/traced"]
                service: echo
                strip_path: false
              - name: unsampled
                paths: ["/unsampled"]
                service: echo
                strip_path: false
                plugins:
                  - name: opentelemetry
                    config:
                      endpoint: "${OTLP}"
                      batch_flush_delay: 50ms
                      resource_attributes: {deployment.environment: test}
                      sampling_rate: 0
              - name: retried
                paths: ["/retried"]
                service: retried
                strip_path: false
              - name: protected
                paths: ["/protected"]
                service: echo
                plugins: [{name: key-auth}]
            """;

    private static final String CLIENT_TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String CLIENT_SPAN_ID = "b7ad6b7169203331";

    private static TestOrigin origin;
    private static OtlpReceiver receiver;
    private static GatewayFixture portico;
    private static int refusedPort;

    @BeforeAll
    static void start() throws Exception {
        origin = TestOrigin.start();
        receiver = OtlpReceiver.start();
        try (ServerSocket socket = new ServerSocket(0)) {
            refusedPort = socket.getLocalPort();
        }
        portico = GatewayFixture.start(CONFIG, Map.of(
                "ORIGIN", "127.0.0.1:" + origin.port(),
                "REFUSED", "127.0.0.1:" + refusedPort,
                "OTLP", receiver.endpoint().toString()), PluginRegistry.discover());
    }

    @AfterAll
    static void stop() {
        if (portico != null) {
            portico.close(); // flushes the exporters into the receiver, which must still listen
        }
        receiver.close();
        origin.close();
    }

    @BeforeEach
    void forgetRequests() {
        origin.clearRequests();
        origin.otherwise(Reply.echo());
    }

    @Test
    void continuesTheClientsTraceThroughTheServerAndClientSpans() throws Exception {
        HttpResponse<String> response = portico.send(portico.request("/traced/items?page=2")
                .header("traceparent", "00-" + CLIENT_TRACE_ID + "-" + CLIENT_SPAN_ID + "-01")
                .header("tracestate", "vendor=abc,other=1")
                .header("User-Agent", "otel-it/1.0"));

        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest received = origin.awaitRequests(1).get(0);
        TraceParent sent = TraceParent.parse(received.header("traceparent"));
        assertThat(received.headerValues("traceparent")).hasSize(1);
        assertThat(TraceIds.traceIdHex(sent.traceIdHigh(), sent.traceIdLow())).isEqualTo(CLIENT_TRACE_ID);
        assertThat(sent.sampled()).isTrue();
        assertThat(received.headerValues("tracestate")).containsExactly("vendor=abc,other=1");

        List<JsonNode> spans = awaitTrace(CLIENT_TRACE_ID, 2);
        JsonNode server = kind(spans, 2).get(0);
        JsonNode client = kind(spans, 3).get(0);
        assertThat(server.get("parentSpanId").asText()).isEqualTo(CLIENT_SPAN_ID);
        assertThat(client.get("parentSpanId").asText()).isEqualTo(server.get("spanId").asText());
        assertThat(client.get("spanId").asText()).isEqualTo(TraceIds.spanIdHex(sent.parentId()));
        assertThat(server.get("traceState").asText()).isEqualTo("vendor=abc,other=1");

        assertThat(server.get("name").asText()).isEqualTo("GET traced");
        assertThat(attributes(server)).containsAllEntriesOf(Map.ofEntries(
                Map.entry("http.request.method", "GET"),
                Map.entry("url.path", "/traced/items"),
                Map.entry("url.scheme", "http"),
                Map.entry("server.address", "127.0.0.1"),
                Map.entry("client.address", "127.0.0.1"),
                Map.entry("user_agent.original", "otel-it/1.0"),
                Map.entry("network.protocol.version", "1.1"),
                Map.entry("http.response.status_code", "200"),
                Map.entry("portico.route", "traced"),
                Map.entry("portico.service", "echo"),
                Map.entry("portico.request_id", received.header("x-request-id"))));
        assertThat(attributes(server)).doesNotContainKeys("portico.consumer", "error.type");
        assertThat(server.get("status").has("code")).isFalse();

        assertThat(client.get("name").asText()).isEqualTo("GET");
        assertThat(attributes(client)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "http.request.method", "GET",
                "server.address", "127.0.0.1",
                "server.port", Integer.toString(origin.port()),
                "url.full", "http://127.0.0.1:" + origin.port() + "/traced/items",
                "http.response.status_code", "200"));
        assertThat(nanos(server, "startTimeUnixNano")).isLessThanOrEqualTo(nanos(client, "startTimeUnixNano"));
        assertThat(nanos(client, "endTimeUnixNano")).isLessThanOrEqualTo(nanos(server, "endTimeUnixNano"));
        assertThat(nanos(server, "startTimeUnixNano")).isCloseTo(System.currentTimeMillis() * 1_000_000L,
                within(Duration.ofMinutes(1).toNanos()));
    }

    @Test
    void describesTheResourceAndScopeOfEveryExport() throws Exception {
        portico.get("/traced/resource");

        OtlpReceiver.Received request = receiver.awaitRequests(1).get(0);
        JsonNode resource = request.body().at("/resourceSpans/0/resource/attributes");
        assertThat(attributes(resource)).containsExactly(Map.entry("service.name", "portico"),
                Map.entry("deployment.environment", "test"));
        assertThat(request.body().at("/resourceSpans/0/scopeSpans/0/scope/name").asText()).isEqualTo("portico");
        assertThat(request.body().at("/resourceSpans/0/scopeSpans/0/scope/version").asText()).isNotEmpty();
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void startsATraceForARequestWithoutOne() throws Exception {
        portico.get("/traced/new");

        TraceParent sent = TraceParent.parse(origin.awaitRequests(1).get(0).header("traceparent"));
        assertThat(sent).isNotNull();
        assertThat(sent.sampled()).isTrue();
        List<JsonNode> spans = awaitTrace(TraceIds.traceIdHex(sent.traceIdHigh(), sent.traceIdLow()), 2);
        assertThat(kind(spans, 2).get(0).has("parentSpanId")).as("a root span").isFalse();
    }

    @Test
    void startsANewTraceAndDropsTracestateWhenTheTraceparentIsInvalid() throws Exception {
        portico.send(portico.request("/traced/invalid")
                .header("traceparent", "00-" + CLIENT_TRACE_ID.toUpperCase() + "-" + CLIENT_SPAN_ID + "-01")
                .header("tracestate", "vendor=abc"));

        RecordedRequest received = origin.awaitRequests(1).get(0);
        TraceParent sent = TraceParent.parse(received.header("traceparent"));
        assertThat(TraceIds.traceIdHex(sent.traceIdHigh(), sent.traceIdLow())).isNotEqualTo(CLIENT_TRACE_ID);
        assertThat(received.headers()).doesNotContainKey("tracestate");
        List<JsonNode> spans = awaitTrace(TraceIds.traceIdHex(sent.traceIdHigh(), sent.traceIdLow()), 2);
        assertThat(kind(spans, 2).get(0).has("parentSpanId")).isFalse();
        assertThat(kind(spans, 2).get(0).has("traceState")).isFalse();
    }

    @Test
    void samplingRateZeroExportsNothingButStillPropagates() throws Exception {
        portico.get("/unsampled/x");
        TraceParent unsampled = TraceParent.parse(origin.awaitRequests(1).get(0).header("traceparent"));

        // Both configurations share one exporter (equal settings), whose queue keeps the order of requests:
        // once the later request's spans have arrived, the earlier one's would have too.
        portico.get("/traced/after-unsampled");
        TraceParent sampled = TraceParent.parse(origin.awaitRequests(2).get(1).header("traceparent"));
        awaitTrace(TraceIds.traceIdHex(sampled.traceIdHigh(), sampled.traceIdLow()), 2);

        assertThat(unsampled).isNotNull();
        assertThat(unsampled.sampled()).isFalse();
        assertThat(receiver.trace(TraceIds.traceIdHex(unsampled.traceIdHigh(), unsampled.traceIdLow()))).isEmpty();
    }

    @Test
    void followsTheClientsDecisionNotToSample() throws Exception {
        String unsampledParent = "00-" + CLIENT_TRACE_ID.replace('0', '1') + "-" + CLIENT_SPAN_ID + "-00";
        portico.send(portico.request("/traced/not-sampled").header("traceparent", unsampledParent));
        portico.get("/traced/control");

        TraceParent sent = TraceParent.parse(origin.awaitRequests(1).get(0).header("traceparent"));
        TraceParent control = TraceParent.parse(origin.awaitRequests(2).get(1).header("traceparent"));
        awaitTrace(TraceIds.traceIdHex(control.traceIdHigh(), control.traceIdLow()), 2);
        assertThat(TraceIds.traceIdHex(sent.traceIdHigh(), sent.traceIdLow())).isEqualTo(CLIENT_TRACE_ID.replace('0', '1'));
        assertThat(sent.sampled()).isFalse();
        assertThat(receiver.trace(CLIENT_TRACE_ID.replace('0', '1'))).isEmpty();
    }

    @Test
    void recordsEachTryOfARetriedRequestAsAClientSpan() throws Exception {
        // Round-robin over [refused, origin]: within two requests, one tries the refused target first.
        List<JsonNode> retried = null;
        TraceParent retriedSent = null;
        String retriedTraceId = null;
        for (int i = 0; i < 4 && retried == null; i++) {
            origin.clearRequests();
            assertThat(portico.get("/retried/" + i).statusCode()).isEqualTo(200);
            TraceParent sent = TraceParent.parse(origin.awaitRequests(1).get(0).header("traceparent"));
            String traceId = TraceIds.traceIdHex(sent.traceIdHigh(), sent.traceIdLow());
            List<JsonNode> clients = kind(awaitTraceSettled(traceId), 3);
            if (clients.size() == 2) {
                retried = clients;
                retriedSent = sent;
                retriedTraceId = traceId;
            }
        }

        assertThat(retried).as("a request that was retried").isNotNull();
        JsonNode server = kind(receiver.trace(retriedTraceId), 2).get(0);
        JsonNode refused = retried.get(0);
        JsonNode answered = retried.get(1);
        assertThat(answered.get("spanId").asText()).as("the origin's parent").isEqualTo(TraceIds.spanIdHex(retriedSent.parentId()));
        assertThat(refused.get("parentSpanId").asText()).isEqualTo(server.get("spanId").asText());
        assertThat(answered.get("parentSpanId").asText()).isEqualTo(server.get("spanId").asText());
        assertThat(attributes(refused)).containsEntry("server.port", Integer.toString(refusedPort))
                .containsEntry("error.type", "connect-failure")
                .doesNotContainKeys("http.response.status_code", "http.request.resend_count");
        assertThat(refused.at("/status/code").asInt()).isEqualTo(2);
        assertThat(refused.at("/status/message").asText()).isEqualTo("connect-failure");
        assertThat(attributes(answered)).containsEntry("server.port", Integer.toString(origin.port()))
                .containsEntry("http.request.resend_count", "1")
                .containsEntry("http.response.status_code", "200")
                .doesNotContainKey("error.type");
        assertThat(answered.get("status").has("code")).isFalse();
        assertThat(nanos(refused, "endTimeUnixNano")).isLessThanOrEqualTo(nanos(answered, "startTimeUnixNano"));
        assertThat(attributes(server)).containsEntry("http.response.status_code", "200");
    }

    @Test
    void marksTheSpansOfAFailedUpstreamAnswer() throws Exception {
        origin.route("/traced/broken", Reply.status(503));

        assertThat(portico.get("/traced/broken").statusCode()).isEqualTo(503);

        TraceParent sent = TraceParent.parse(origin.awaitRequests(1).get(0).header("traceparent"));
        List<JsonNode> spans = awaitTrace(TraceIds.traceIdHex(sent.traceIdHigh(), sent.traceIdLow()), 2);
        for (JsonNode span : spans) {
            assertThat(span.at("/status/code").asInt()).as(span.get("name").asText()).isEqualTo(2);
            assertThat(attributes(span)).containsEntry("error.type", "503").containsEntry("http.response.status_code", "503");
        }
    }

    @Test
    void recordsARequestAnsweredByPorticoAsAServerSpanAlone() throws Exception {
        HttpResponse<String> response = portico.send(portico.request("/protected/x")
                .header("traceparent", "00-" + CLIENT_TRACE_ID.replace('a', 'b') + "-" + CLIENT_SPAN_ID + "-01"));

        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode server = receiver.awaitSpan(span -> span.get("traceId").asText().equals(CLIENT_TRACE_ID.replace('a', 'b')));
        assertThat(attributes(server)).containsEntry("http.response.status_code", "401").containsEntry("portico.route",
                "protected");
        assertThat(server.get("status").has("code")).isFalse();
        portico.get("/traced/control-after-401");
        TraceParent control = TraceParent.parse(origin.awaitRequests(1).get(0).header("traceparent"));
        awaitTrace(TraceIds.traceIdHex(control.traceIdHigh(), control.traceIdLow()), 2);
        assertThat(receiver.trace(CLIENT_TRACE_ID.replace('a', 'b'))).hasSize(1);
    }

    @Test
    void keepsExportingAcrossAReload() throws Exception {
        portico.apply(CONFIG, Map.of(
                "ORIGIN", "127.0.0.1:" + origin.port(),
                "REFUSED", "127.0.0.1:" + refusedPort,
                "OTLP", receiver.endpoint().toString()));

        portico.get("/traced/reloaded");

        TraceParent sent = TraceParent.parse(origin.awaitRequests(1).get(0).header("traceparent"));
        awaitTrace(TraceIds.traceIdHex(sent.traceIdHigh(), sent.traceIdLow()), 2);
    }

    /** Waits until the receiver has at least {@code count} spans of the trace. */
    private static List<JsonNode> awaitTrace(String traceId, int count) {
        return Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> receiver.trace(traceId), spans -> spans.size() >= count);
    }

    /**
     * The trace once a later request's spans have arrived: the exporter keeps the order of requests, so
     * every span of the trace is there by then.
     */
    private static List<JsonNode> awaitTraceSettled(String traceId) throws Exception {
        origin.clearRequests();
        portico.get("/traced/settle");
        TraceParent control = TraceParent.parse(origin.awaitRequests(1).get(0).header("traceparent"));
        awaitTrace(TraceIds.traceIdHex(control.traceIdHigh(), control.traceIdLow()), 2);
        return receiver.trace(traceId);
    }

    private static List<JsonNode> kind(List<JsonNode> spans, int kind) {
        List<JsonNode> ofKind = new ArrayList<>();
        for (JsonNode span : spans) {
            if (span.get("kind").asInt() == kind) {
                ofKind.add(span);
            }
        }
        return ofKind;
    }

    /** Attribute values as text, whatever their type ({@code intValue} is a string in OTLP/JSON). */
    private static Map<String, String> attributes(JsonNode spanOrAttributes) {
        JsonNode list = spanOrAttributes.isArray() ? spanOrAttributes : spanOrAttributes.get("attributes");
        Map<String, String> attributes = new LinkedHashMap<>();
        for (JsonNode attribute : list) {
            JsonNode value = attribute.get("value");
            assertThat(value.size()).isEqualTo(1);
            attributes.put(attribute.get("key").asText(), value.elements().next().asText());
        }
        return attributes;
    }

    private static long nanos(JsonNode span, String field) {
        assertThat(span.get(field).isTextual()).as(field + " is a decimal string").isTrue();
        return Long.parseLong(span.get(field).asText());
    }
}
