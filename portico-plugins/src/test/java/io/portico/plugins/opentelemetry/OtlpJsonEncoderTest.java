package io.portico.plugins.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OTLP/JSON the encoder writes, read back with Jackson. */
class OtlpJsonEncoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Span SERVER = new Span(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L, 0x00f067aa0ba902b7L,
            0x0af7651916cd43ddL, "congo=t61rcWkgMzE", "GET users", SpanKind.SERVER, 1_700_000_000_123_456_789L,
            1_700_000_000_223_456_789L,
            List.of(SpanAttribute.of("http.request.method", "GET"), SpanAttribute.of("http.response.status_code", 503),
                    SpanAttribute.of("portico.cached", false), new SpanAttribute("ratio", 0.25)),
            SpanStatus.ERROR, null);
    private static final Span CLIENT = new Span(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L, 0x1L, 0x00f067aa0ba902b7L,
            null, "GET", SpanKind.CLIENT, 1_700_000_000_130_000_000L, 1_700_000_000_140_000_000L,
            List.of(SpanAttribute.of("error.type", "connect-failure")), SpanStatus.ERROR, "connect-failure");
    private static final Span ROOT = new Span(-1L, -1L, -1L, 0, null, "POST orders", SpanKind.SERVER, 1L, 2L,
            List.of(), SpanStatus.UNSET, null);

    private final OtlpJsonEncoder encoder = new OtlpJsonEncoder(
            List.of(SpanAttribute.of("service.name", "portico"), SpanAttribute.of("deployment.environment", "prod"),
                    SpanAttribute.of("instance.number", 7L)), "1.2.3");

    @Test
    void writesTheResourceAndTheScopeOnce() throws Exception {
        JsonNode request = encode(SERVER, CLIENT);

        assertThat(request.get("resourceSpans")).hasSize(1);
        JsonNode resource = request.at("/resourceSpans/0/resource/attributes");
        assertThat(resource).hasSize(3);
        assertThat(resource.at("/0/key").asText()).isEqualTo("service.name");
        assertThat(resource.at("/0/value/stringValue").asText()).isEqualTo("portico");
        assertThat(resource.at("/1/value/stringValue").asText()).isEqualTo("prod");
        assertThat(resource.at("/2/value/intValue").isTextual()).isTrue();
        assertThat(resource.at("/2/value/intValue").asText()).isEqualTo("7");
        assertThat(request.at("/resourceSpans/0/scopeSpans")).hasSize(1);
        assertThat(request.at("/resourceSpans/0/scopeSpans/0/scope/name").asText()).isEqualTo("portico");
        assertThat(request.at("/resourceSpans/0/scopeSpans/0/scope/version").asText()).isEqualTo("1.2.3");
        assertThat(request.at("/resourceSpans/0/scopeSpans/0/spans")).hasSize(2);
    }

    @Test
    void writesIdsAsLowerCaseHexAndTimesAsDecimalStrings() throws Exception {
        JsonNode span = encode(SERVER).at("/resourceSpans/0/scopeSpans/0/spans/0");

        assertThat(span.get("traceId").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(span.get("spanId").asText()).isEqualTo("00f067aa0ba902b7");
        assertThat(span.get("parentSpanId").asText()).isEqualTo("0af7651916cd43dd");
        assertThat(span.get("traceState").asText()).isEqualTo("congo=t61rcWkgMzE");
        assertThat(span.get("name").asText()).isEqualTo("GET users");
        assertThat(span.get("kind").isInt()).isTrue();
        assertThat(span.get("kind").asInt()).isEqualTo(2);
        assertThat(span.get("startTimeUnixNano").isTextual()).isTrue();
        assertThat(span.get("startTimeUnixNano").asText()).isEqualTo("1700000000123456789");
        assertThat(span.get("endTimeUnixNano").asText()).isEqualTo("1700000000223456789");
    }

    @Test
    void writesEachAttributeWithItsType() throws Exception {
        JsonNode attributes = encode(SERVER).at("/resourceSpans/0/scopeSpans/0/spans/0/attributes");

        assertThat(attributes).hasSize(4);
        assertThat(attributes.at("/0/key").asText()).isEqualTo("http.request.method");
        assertThat(attributes.at("/0/value/stringValue").asText()).isEqualTo("GET");
        assertThat(attributes.at("/1/value/intValue").isTextual()).isTrue();
        assertThat(attributes.at("/1/value/intValue").asText()).isEqualTo("503");
        assertThat(attributes.at("/2/value/boolValue").isBoolean()).isTrue();
        assertThat(attributes.at("/2/value/boolValue").asBoolean()).isFalse();
        assertThat(attributes.at("/3/value/doubleValue").asDouble()).isEqualTo(0.25);
        for (JsonNode attribute : attributes) {
            assertThat(attribute.get("value")).as("one typed value per attribute").hasSize(1);
        }
    }

    @Test
    void writesTheStatusCodeAndMessageOfAFailure() throws Exception {
        JsonNode spans = encode(SERVER, CLIENT, ROOT).at("/resourceSpans/0/scopeSpans/0/spans");

        assertThat(spans.at("/0/status/code").asInt()).isEqualTo(2);
        assertThat(spans.at("/0/status").has("message")).isFalse();
        assertThat(spans.at("/1/kind").asInt()).isEqualTo(3);
        assertThat(spans.at("/1/status/code").asInt()).isEqualTo(2);
        assertThat(spans.at("/1/status/message").asText()).isEqualTo("connect-failure");
        assertThat(spans.at("/2/status").isEmpty()).as("an unset status has no code").isTrue();
    }

    @Test
    void leavesOutTheParentOfARootSpan() throws Exception {
        JsonNode span = encode(ROOT).at("/resourceSpans/0/scopeSpans/0/spans/0");

        assertThat(span.has("parentSpanId")).isFalse();
        assertThat(span.has("traceState")).isFalse();
        assertThat(span.get("traceId").asText()).isEqualTo("ffffffffffffffffffffffffffffffff");
        assertThat(span.get("attributes")).isEmpty();
    }

    @Test
    void escapesWhatJsonStringsCannotHold() throws Exception {
        String awkward = "quote \" backslash \\ newline \n tab \t nul \u0000 bell \u0007 del \u007f é 漢 😀";
        Span span = new Span(1, 2, 3, 0, null, awkward, SpanKind.SERVER, 1, 2,
                List.of(SpanAttribute.of(awkward, awkward)), SpanStatus.ERROR, awkward);

        JsonNode written = encode(span).at("/resourceSpans/0/scopeSpans/0/spans/0");

        assertThat(written.get("name").asText()).isEqualTo(awkward);
        assertThat(written.at("/attributes/0/key").asText()).isEqualTo(awkward);
        assertThat(written.at("/attributes/0/value/stringValue").asText()).isEqualTo(awkward);
        assertThat(written.at("/status/message").asText()).isEqualTo(awkward);
    }

    @Test
    void escapesUnpairedSurrogatesAndLineSeparatorsSoThatTheyCrossUtf8() throws Exception {
        String broken = "lone \ud800 high, lone \udc00 low, line \u2028 paragraph \u2029";
        Span span = new Span(1, 2, 3, 0, null, broken, SpanKind.SERVER, 1, 2, List.of(), SpanStatus.UNSET, null);

        String written = new String(encoder.encode(List.of(span)), StandardCharsets.UTF_8);

        assertThat(written).contains("lone \\ud800 high, lone \\udc00 low, line \\u2028 paragraph \\u2029");
        assertThat(JSON.readTree(written).at("/resourceSpans/0/scopeSpans/0/spans/0/name").asText()).isEqualTo(broken);
    }

    @Test
    void writesDoublesJsonHasNoNumberForAsStrings() throws Exception {
        OtlpJsonEncoder odd = new OtlpJsonEncoder(List.of(new SpanAttribute("nan", Double.NaN),
                new SpanAttribute("big", 1e300), new SpanAttribute("minus", Double.NEGATIVE_INFINITY)), null);

        JsonNode request = JSON.readTree(odd.encode(List.of(ROOT)));

        JsonNode resource = request.at("/resourceSpans/0/resource/attributes");
        assertThat(resource.at("/0/value/doubleValue").asText()).isEqualTo("NaN");
        assertThat(resource.at("/1/value/doubleValue").asDouble()).isEqualTo(1e300);
        assertThat(resource.at("/2/value/doubleValue").asText()).isEqualTo("-Infinity");
        assertThat(request.at("/resourceSpans/0/scopeSpans/0/scope").has("version")).isFalse();
    }

    private JsonNode encode(Span... spans) throws Exception {
        return JSON.readTree(encoder.encode(List.of(spans)));
    }
}
