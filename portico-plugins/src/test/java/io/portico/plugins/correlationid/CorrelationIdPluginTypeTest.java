package io.portico.plugins.correlationid;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.Action;
import io.portico.plugin.Headers;
import io.portico.plugin.Phase;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugin.testing.TestExchange;
import io.portico.plugin.testing.TestPluginContext;
import io.portico.plugin.testing.TestResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CorrelationIdPluginTypeTest {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    private final CorrelationIdPluginType type = new CorrelationIdPluginType();

    @Test
    void declaresItsNamePhasesAndPriority() {
        assertThat(type.name()).isEqualTo("correlation-id");
        assertThat(type.phases()).containsExactlyInAnyOrder(Phase.REWRITE, Phase.RESPONSE_HEADERS);
        assertThat(type.priority()).isEqualTo(100001);
    }

    @Test
    void defaultsToKongsSettings() {
        CorrelationIdConfig config = ConfigProbe.read(type, Map.of()).config();

        assertThat(config).isEqualTo(new CorrelationIdConfig("X-Request-Id", "uuid", true));
    }

    @Test
    void reportsEveryProblem() {
        assertThat(ConfigProbe.read(type, Map.of("header_name", "X Correlation", "generator", "random",
                "echo_downstream", 1, "header", "x")).problems()).containsExactly(
                        "config.generator: \"random\" (expected: one of uuid, uuid#counter, tracker)",
                        "config.echo_downstream: 1 (expected: true or false)",
                        "config.header_name: \"X Correlation\" (expected: a header name such as X-Correlation-Id)",
                        "config.header: unknown key \"header\" (expected one of: header_name, generator, echo_downstream)");
        assertThat(ConfigProbe.read(type, Map.of("header_name", "")).problems())
                .containsExactly("config.header_name: \"\" (expected: a header name such as X-Correlation-Id)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host", "content-length", "Transfer-Encoding", "X-Forwarded-For", "Authorization",
        "X-Consumer-Username", "Set-Cookie"})
    void refusesHeadersPorticoManages(String name) {
        assertThat(ConfigProbe.read(type, Map.of("header_name", name)).problems()).containsExactly("config.header_name: \""
                + name + "\" (expected: a header Portico does not manage, such as X-Correlation-Id)");
    }

    @Test
    void usesTheCoresRequestIdForXRequestId() {
        CorrelationIdPlugin plugin = plugin(Map.of("header_name", "x-request-id", "generator", "tracker"));
        TestExchange exchange = TestExchange.get("/");
        exchange.requestId = "core-id-1";

        assertThat(plugin.rewrite(exchange)).isEqualTo(Action.proceed());
        TestResponse response = respond(plugin, exchange);

        assertThat(exchange.attribute(CorrelationIdPlugin.ID)).isEqualTo("core-id-1");
        assertThat(exchange.headers.contains("x-request-id")).isFalse(); // the core sets it upstream
        assertThat(response.headers.get("X-Request-Id")).isEqualTo("core-id-1");
    }

    @Test
    void echoesTheRequestIdWhenTheRewritePhaseDidNotRun() {
        TestExchange exchange = TestExchange.get("/");
        exchange.requestId = "core-id-2";

        assertThat(respond(plugin(Map.of()), exchange).headers.get("X-Request-Id")).isEqualTo("core-id-2");
        assertThat(respond(plugin(Map.of("header_name", "X-Correlation-Id")), exchange).headers.names()).isEmpty();
    }

    @Test
    void keepsAnAcceptableClientValueOfAnotherHeader() {
        CorrelationIdPlugin plugin = plugin(Map.of("header_name", "X-Correlation-Id"));
        TestExchange exchange = TestExchange.get("/").header("x-correlation-id", "order-42/attempt-1");

        plugin.rewrite(exchange);

        assertThat(exchange.headers.getAll("X-Correlation-Id")).containsExactly("order-42/attempt-1");
        assertThat(respond(plugin, exchange).headers.get("X-Correlation-Id")).isEqualTo("order-42/attempt-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "quote\"d", "back\\slash", "caf\u00e9", "tab\there"})
    void replacesAnUnacceptableClientValue(String offered) {
        CorrelationIdPlugin plugin = plugin(Map.of("header_name", "X-Correlation-Id"));
        TestExchange exchange = TestExchange.get("/").header("X-Correlation-Id", offered);

        plugin.rewrite(exchange);

        assertThat(exchange.headers.getAll("X-Correlation-Id")).singleElement().asString().matches(UUID);
    }

    @Test
    void acceptsClientValuesUpTo200Characters() {
        assertThat(CorrelationIdPlugin.isAcceptable("a".repeat(200))).isTrue();
        assertThat(CorrelationIdPlugin.isAcceptable("a".repeat(201))).isFalse();
        assertThat(CorrelationIdPlugin.isAcceptable("!~")).isTrue();
        assertThat(CorrelationIdPlugin.isAcceptable(null)).isFalse();
    }

    @Test
    void replacesEveryClientValueWithTheOneItSendsUpstream() {
        CorrelationIdPlugin plugin = plugin(Map.of("header_name", "X-Correlation-Id"));
        TestExchange exchange = TestExchange.get("/").header("X-Correlation-Id", "first").header("X-Correlation-Id", "second");

        plugin.rewrite(exchange);

        assertThat(exchange.headers.getAll("X-Correlation-Id")).containsExactly("first");
    }

    @Test
    void generatesRandomUuids() {
        CorrelationIdPlugin plugin = plugin(Map.of("header_name", "X-Correlation-Id"));

        String first = rewriteAndEcho(plugin);
        String second = rewriteAndEcho(plugin);

        assertThat(first).matches(UUID);
        assertThat(second).matches(UUID).isNotEqualTo(first);
    }

    @Test
    void generatesCountedUuids() {
        CorrelationIdPlugin plugin = plugin(Map.of("header_name", "X-Correlation-Id", "generator", "uuid#counter"));

        String first = rewriteAndEcho(plugin);
        String second = rewriteAndEcho(plugin);

        assertThat(first).matches(UUID + "#1");
        assertThat(second).isEqualTo(first.substring(0, first.indexOf('#')) + "#2");
    }

    @Test
    void generatesTrackerIds() {
        TestPluginContext context = new TestPluginContext();
        context.clock = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_123L), ZoneOffset.UTC);
        CorrelationIdConfig config = ConfigProbe.read(type,
                Map.of("header_name", "X-Correlation-Id", "generator", "tracker")).config();
        CorrelationIdPlugin plugin = (CorrelationIdPlugin) type.create(config, context);

        String first = rewriteAndEcho(plugin);
        String second = rewriteAndEcho(plugin);

        long pid = ProcessHandle.current().pid();
        assertThat(first).matches("[0-9a-f]{8}-" + pid + "-1-1700000000123");
        assertThat(second).isEqualTo(first.substring(0, 9) + pid + "-2-1700000000123");
    }

    @Test
    void leavesTheResponseAloneWithoutEcho() {
        CorrelationIdPlugin plugin = plugin(Map.of("header_name", "X-Correlation-Id", "echo_downstream", false));
        TestExchange exchange = TestExchange.get("/");

        plugin.rewrite(exchange);

        assertThat(exchange.headers.get("X-Correlation-Id")).matches(UUID);
        assertThat(respond(plugin, exchange).headers.names()).isEmpty();
    }

    @Test
    void overwritesAnIdTheUpstreamSent() {
        CorrelationIdPlugin plugin = plugin(Map.of("header_name", "X-Correlation-Id"));
        TestExchange exchange = TestExchange.get("/").header("X-Correlation-Id", "mine");
        plugin.rewrite(exchange);
        TestResponse response = new TestResponse(200);
        response.headers.add("x-correlation-id", "upstream's");

        plugin.responseHeaders(exchange, response);

        assertThat(response.headers.getAll("X-Correlation-Id")).containsExactly("mine");
    }

    private CorrelationIdPlugin plugin(Map<String, ?> config) {
        ConfigProbe<CorrelationIdConfig> probe = ConfigProbe.read(type, config);
        assertThat(probe.problems()).isEmpty();
        return (CorrelationIdPlugin) type.create(probe.config(), new TestPluginContext());
    }

    /** Runs both phases on a fresh request; returns the id sent upstream after checking the echo matches it. */
    private static String rewriteAndEcho(CorrelationIdPlugin plugin) {
        TestExchange exchange = TestExchange.get("/");
        plugin.rewrite(exchange);
        String upstream = exchange.headers.get("X-Correlation-Id");
        assertThat(respond(plugin, exchange).headers.get("X-Correlation-Id")).isEqualTo(upstream);
        return upstream;
    }

    private static TestResponse respond(CorrelationIdPlugin plugin, TestExchange exchange) {
        TestResponse response = new TestResponse(200);
        plugin.responseHeaders(exchange, response);
        return response;
    }
}
