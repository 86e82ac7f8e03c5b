package io.portico.plugins.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.Action;
import io.portico.plugin.AttemptResult;
import io.portico.plugin.Completed;
import io.portico.plugin.Consumer;
import io.portico.plugin.Headers;
import io.portico.plugin.UpstreamAttempt;
import io.portico.plugin.testing.TestExchange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What the plugin sends upstream and the spans it records, without sockets. */
class OpenTelemetryPluginTest {

    private static final String INCOMING = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final long TRACE_HIGH = 0x4bf92f3577b34da6L;
    private static final long TRACE_LOW = 0xa3ce929d0e0e4736L;
    private static final long RECEIVED_AT = 1_700_000_000_000_000_000L;

    private final List<Span> exported = new CopyOnWriteArrayList<>();
    private final OpenTelemetryPlugin plugin = new OpenTelemetryPlugin(new Sampler(1), exported::add);

    @Test
    void continuesAValidIncomingTrace() {
        TestExchange exchange = exchange().header("traceparent", INCOMING).header("tracestate", "congo=t61rcWkgMzE");

        assertThat(plugin.rewrite(exchange)).isEqualTo(Action.proceed());
        TraceParent sent = attempt(exchange, 1, "10.0.0.7:8080");
        plugin.log(exchange, completed(200, answered(1, "10.0.0.7:8080", 200)));

        assertThat(sent.traceIdHigh()).isEqualTo(TRACE_HIGH);
        assertThat(sent.traceIdLow()).isEqualTo(TRACE_LOW);
        assertThat(sent.sampled()).isTrue();
        assertThat(exchange.headers.getAll("tracestate")).containsExactly("congo=t61rcWkgMzE");
        assertThat(exported).hasSize(2);
        Span server = exported.get(0);
        Span client = exported.get(1);
        assertThat(server.kind()).isEqualTo(SpanKind.SERVER);
        assertThat(server.traceIdHigh()).isEqualTo(TRACE_HIGH);
        assertThat(server.traceIdLow()).isEqualTo(TRACE_LOW);
        assertThat(server.parentSpanId()).isEqualTo(0x00f067aa0ba902b7L);
        assertThat(server.traceState()).isEqualTo("congo=t61rcWkgMzE");
        assertThat(client.kind()).isEqualTo(SpanKind.CLIENT);
        assertThat(client.parentSpanId()).isEqualTo(server.spanId());
        assertThat(client.spanId()).isEqualTo(sent.parentId()).isNotEqualTo(server.spanId());
        assertThat(client.traceIdLow()).isEqualTo(TRACE_LOW);
    }

    @Test
    void startsANewTraceAndDropsTracestateWhenTheParentIsInvalid() {
        TestExchange exchange = exchange().header("traceparent", INCOMING.toUpperCase())
                .header("tracestate", "congo=t61rcWkgMzE");

        plugin.rewrite(exchange);
        TraceParent sent = attempt(exchange, 1, "10.0.0.7:8080");
        plugin.log(exchange, completed(200, answered(1, "10.0.0.7:8080", 200)));

        assertThat(sent.traceIdLow()).isNotEqualTo(TRACE_LOW);
        assertThat(exchange.headers.getAll("tracestate")).isEmpty();
        assertThat(exported.get(0).parentSpanId()).as("a root span").isZero();
        assertThat(exported.get(0).traceState()).isNull();
        assertThat(exported.get(0).traceIdLow()).isEqualTo(sent.traceIdLow());
    }

    @Test
    void ignoresSeveralTraceparentHeaders() {
        TestExchange exchange = exchange().header("traceparent", INCOMING).header("traceparent", INCOMING);

        plugin.rewrite(exchange);
        TraceParent sent = attempt(exchange, 1, "10.0.0.7:8080");

        assertThat(sent.traceIdLow()).isNotEqualTo(TRACE_LOW);
        assertThat(exchange.headers.getAll("traceparent")).hasSize(1);
    }

    @Test
    void joinsSeveralTracestateHeaders() {
        TestExchange exchange = exchange().header("traceparent", INCOMING).header("tracestate", "a=1,b=2")
                .header("tracestate", "c=3");

        plugin.rewrite(exchange);
        attempt(exchange, 1, "10.0.0.7:8080");

        assertThat(exchange.headers.getAll("tracestate")).containsExactly("a=1,b=2,c=3");
    }

    @Test
    void propagatesButRecordsNothingWhenNotSampled() {
        OpenTelemetryPlugin never = new OpenTelemetryPlugin(new Sampler(0), exported::add);
        TestExchange exchange = exchange();

        never.rewrite(exchange);
        TraceParent sent = attempt(never, exchange, 1, "10.0.0.7:8080");
        never.log(exchange, completed(200, answered(1, "10.0.0.7:8080", 200)));

        assertThat(sent).isNotNull();
        assertThat(sent.sampled()).isFalse();
        assertThat(exported).isEmpty();
    }

    @Test
    void followsAnUnsampledParentWhateverTheRate() {
        TestExchange exchange = exchange().header("traceparent", INCOMING.substring(0, 53) + "00");

        plugin.rewrite(exchange);
        TraceParent sent = attempt(exchange, 1, "10.0.0.7:8080");
        plugin.log(exchange, completed(200, answered(1, "10.0.0.7:8080", 200)));

        assertThat(sent.traceIdLow()).isEqualTo(TRACE_LOW);
        assertThat(sent.sampled()).isFalse();
        assertThat(exported).isEmpty();
    }

    @Test
    void recordsTheServerSpanWithTheHttpConventionsAttributes() {
        TestExchange exchange = exchange().header("user-agent", "curl/8.5.0");
        exchange.consumer = new Consumer("alice", List.of("gold"));

        plugin.rewrite(exchange);
        exchange.headers.set("user-agent", "changed-by-a-later-plugin");
        plugin.log(exchange, new Completed(503, null, 0, 0, 250_000_000L, -1, RECEIVED_AT, List.of()));

        Span server = exported.get(0);
        assertThat(server.name()).isEqualTo("GET users-v1");
        assertThat(server.startEpochNanos()).isEqualTo(RECEIVED_AT);
        assertThat(server.endEpochNanos()).isEqualTo(RECEIVED_AT + 250_000_000L);
        assertThat(server.status()).isEqualTo(SpanStatus.ERROR);
        assertThat(attributes(server)).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("http.request.method", "GET"),
                Map.entry("url.path", "/users/42"),
                Map.entry("url.scheme", "http"),
                Map.entry("server.address", "api.example.com"),
                Map.entry("client.address", "192.0.2.10"),
                Map.entry("user_agent.original", "curl/8.5.0"),
                Map.entry("network.protocol.version", "1.1"),
                Map.entry("http.response.status_code", 503L),
                Map.entry("error.type", "503"),
                Map.entry("portico.route", "users-v1"),
                Map.entry("portico.service", "users"),
                Map.entry("portico.consumer", "alice"),
                Map.entry("portico.request_id", "req-1")));
    }

    @Test
    void leavesTheStatusUnsetAndOmitsWhatIsUnknownForASuccess() {
        TestExchange exchange = exchange();
        exchange.serviceName = null;
        exchange.host = null;

        plugin.rewrite(exchange);
        plugin.log(exchange, completed(404));

        Span server = exported.get(0);
        assertThat(server.status()).isEqualTo(SpanStatus.UNSET);
        assertThat(attributes(server)).doesNotContainKeys("portico.service", "portico.consumer", "server.address",
                "user_agent.original", "error.type").containsEntry("http.response.status_code", 404L);
    }

    @Test
    void namesAnUnknownMethodAsTheConventionsAsk() {
        TestExchange exchange = exchange();
        exchange.method = "PURGE";

        plugin.rewrite(exchange);
        attempt(exchange, 1, "10.0.0.7:8080");
        plugin.log(exchange, completed(200, answered(1, "10.0.0.7:8080", 200)));

        assertThat(exported.get(0).name()).isEqualTo("HTTP users-v1");
        assertThat(attributes(exported.get(0))).containsEntry("http.request.method", "_OTHER")
                .containsEntry("http.request.method_original", "PURGE");
        assertThat(exported.get(1).name()).isEqualTo("HTTP");
        assertThat(attributes(exported.get(1))).containsEntry("http.request.method", "_OTHER");
    }

    @Test
    void givesEachTryItsOwnClientSpan() {
        TestExchange exchange = exchange();

        plugin.rewrite(exchange);
        TraceParent first = attempt(exchange, 1, "10.0.0.7:8080");
        TraceParent second = attempt(exchange, 2, "[2001:db8::1]:9090");
        plugin.log(exchange, completed(200,
                new AttemptResult(1, "10.0.0.7:8080", 1_000_000, 2_000_000, 0, "connect-failure"),
                new AttemptResult(2, "[2001:db8::1]:9090", 4_000_000, 30_000_000, 200, null)));

        assertThat(second.parentId()).isNotEqualTo(first.parentId());
        assertThat(exchange.headers.getAll("traceparent")).containsExactly(second.format());
        Span failed = exported.get(1);
        Span retried = exported.get(2);
        assertThat(failed.spanId()).isEqualTo(first.parentId());
        assertThat(retried.spanId()).isEqualTo(second.parentId());
        assertThat(failed.name()).isEqualTo("GET");
        assertThat(failed.status()).isEqualTo(SpanStatus.ERROR);
        assertThat(failed.statusMessage()).isEqualTo("connect-failure");
        assertThat(failed.startEpochNanos()).isEqualTo(RECEIVED_AT + 1_000_000);
        assertThat(failed.endEpochNanos()).isEqualTo(RECEIVED_AT + 3_000_000);
        assertThat(attributes(failed)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "http.request.method", "GET",
                "server.address", "10.0.0.7",
                "server.port", 8080L,
                "url.full", "http://10.0.0.7:8080/api/users/42",
                "error.type", "connect-failure"));
        assertThat(retried.status()).isEqualTo(SpanStatus.UNSET);
        assertThat(retried.startEpochNanos()).isEqualTo(RECEIVED_AT + 4_000_000);
        assertThat(retried.endEpochNanos()).isEqualTo(RECEIVED_AT + 34_000_000);
        assertThat(attributes(retried)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "http.request.method", "GET",
                "server.address", "2001:db8::1",
                "server.port", 9090L,
                "url.full", "http://[2001:db8::1]:9090/api/users/42",
                "http.response.status_code", 200L,
                "http.request.resend_count", 1L));
    }

    @Test
    void marksAClientSpanAnsweredWith5xxAsFailed() {
        TestExchange exchange = exchange();

        plugin.rewrite(exchange);
        attempt(exchange, 1, "10.0.0.7:8080");
        plugin.log(exchange, completed(502, answered(1, "10.0.0.7:8080", 502)));

        Span client = exported.get(1);
        assertThat(client.status()).isEqualTo(SpanStatus.ERROR);
        assertThat(client.statusMessage()).isNull();
        assertThat(attributes(client)).containsEntry("error.type", "502").containsEntry("http.response.status_code", 502L);
    }

    @Test
    void aConsumersConfigStartsTheTraceInItsFirstPhase() {
        TestExchange exchange = exchange().header("traceparent", INCOMING);

        TraceParent sent = attempt(exchange, 1, "10.0.0.7:8080");
        plugin.log(exchange, completed(200, answered(1, "10.0.0.7:8080", 200)));

        assertThat(sent.traceIdLow()).isEqualTo(TRACE_LOW);
        assertThat(exported).hasSize(2);
        assertThat(exported.get(1).spanId()).isEqualTo(sent.parentId());
    }

    @Test
    void keepsOneTraceAcrossTheRoutesAndTheConsumersConfigs() {
        List<Span> consumerSpans = new CopyOnWriteArrayList<>();
        OpenTelemetryPlugin consumerConfig = new OpenTelemetryPlugin(new Sampler(0), consumerSpans::add);
        TestExchange exchange = exchange();

        plugin.rewrite(exchange);
        TraceParent sent = attempt(consumerConfig, exchange, 1, "10.0.0.7:8080");
        consumerConfig.log(exchange, completed(200, answered(1, "10.0.0.7:8080", 200)));

        assertThat(sent.sampled()).as("decided once, by the first config").isTrue();
        assertThat(consumerSpans).hasSize(2);
        assertThat(consumerSpans.get(0).traceIdLow()).isEqualTo(sent.traceIdLow());
    }

    @Test
    void writesTheProtocolVersionAsTheConventionsDo() {
        assertThat(HttpSpans.protocolVersion("HTTP/1.1")).isEqualTo("1.1");
        assertThat(HttpSpans.protocolVersion("HTTP/1.0")).isEqualTo("1.0");
        assertThat(HttpSpans.protocolVersion("HTTP/2.0")).isEqualTo("2");
    }

    private static TestExchange exchange() {
        TestExchange exchange = TestExchange.get("/users/42?apikey=secret");
        exchange.host = "api.example.com";
        exchange.clientIp = "192.0.2.10";
        exchange.requestId = "req-1";
        exchange.routeName = "users-v1";
        exchange.serviceName = "users";
        return exchange;
    }

    private TraceParent attempt(TestExchange exchange, int number, String target) {
        return attempt(plugin, exchange, number, target);
    }

    /** Runs the upstream_attempt phase as the core does and returns the traceparent the try sends. */
    private static TraceParent attempt(OpenTelemetryPlugin plugin, TestExchange exchange, int number, String target) {
        plugin.upstreamAttempt(exchange, new UpstreamAttempt() {
            @Override
            public int number() {
                return number;
            }

            @Override
            public String target() {
                return target;
            }

            @Override
            public String path() {
                return "/api" + exchange.path; // as if the service's URL had the path /api
            }

            @Override
            public Headers requestHeaders() {
                return exchange.headers;
            }
        });
        List<String> sent = exchange.headers.getAll("traceparent");
        assertThat(sent).hasSize(1);
        return TraceParent.parse(sent.get(0));
    }

    private static AttemptResult answered(int number, String target, int status) {
        return new AttemptResult(number, target, 1_000_000, 5_000_000, status, null);
    }

    private static Completed completed(int status, AttemptResult... attempts) {
        return new Completed(status, null, 0, 0, 10_000_000, attempts.length == 0 ? -1 : 5_000_000, RECEIVED_AT,
                List.of(attempts));
    }

    private static Map<String, Object> attributes(Span span) {
        Map<String, Object> attributes = new HashMap<>();
        for (SpanAttribute attribute : span.attributes()) {
            assertThat(attributes.put(attribute.key(), attribute.value())).as("%s once", attribute.key()).isNull();
        }
        return attributes;
    }
}
