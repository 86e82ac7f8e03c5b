package io.portico.plugins.requestsizelimiting;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.Action;
import io.portico.plugin.Phase;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugin.testing.TestExchange;
import io.portico.plugin.testing.TestPluginContext;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestSizeLimitingPluginTypeTest {

    private static final String SIZE_RULE = "a whole number of size_unit, or a size such as 512B, 16KB, 10MB, 1GB";

    private final RequestSizeLimitingPluginType type = new RequestSizeLimitingPluginType();

    @Test
    void declaresItsNamePhaseAndPriority() {
        assertThat(type.name()).isEqualTo("request-size-limiting");
        assertThat(type.phases()).containsExactly(Phase.ACCESS);
        assertThat(type.priority()).isEqualTo(951);
    }

    @Test
    void defaultsToKongs128Megabytes() {
        RequestSizeLimitingConfig config = ConfigProbe.read(type, Map.of()).config();

        assertThat(config.maxBytes()).isEqualTo(128L * 1024 * 1024);
        assertThat(config.requireContentLength()).isFalse();
    }

    @Test
    void countsANumberInSizeUnit() {
        assertThat(maxBytes(Map.of("allowed_payload_size", 10))).isEqualTo(10L * 1024 * 1024);
        assertThat(maxBytes(Map.of("allowed_payload_size", 10, "size_unit", "kilobytes"))).isEqualTo(10L * 1024);
        assertThat(maxBytes(Map.of("allowed_payload_size", 10, "size_unit", "bytes"))).isEqualTo(10L);
        assertThat(maxBytes(Map.of("allowed_payload_size", "12", "size_unit", "bytes"))).isEqualTo(12L);
        assertThat(maxBytes(Map.of("size_unit", "kilobytes"))).isEqualTo(128L * 1024);
    }

    @Test
    void acceptsASizeWithItsOwnUnit() {
        assertThat(maxBytes(Map.of("allowed_payload_size", "512B"))).isEqualTo(512L);
        assertThat(maxBytes(Map.of("allowed_payload_size", "16KB"))).isEqualTo(16L * 1024);
        assertThat(maxBytes(Map.of("allowed_payload_size", "10MB"))).isEqualTo(10L * 1024 * 1024);
    }

    @Test
    void reportsBadSizes() {
        assertThat(problems(Map.of("allowed_payload_size", 0)))
                .containsExactly("config.allowed_payload_size: 0 (expected: > 0)");
        assertThat(problems(Map.of("allowed_payload_size", -3)))
                .containsExactly("config.allowed_payload_size: -3 (expected: > 0)");
        assertThat(problems(Map.of("allowed_payload_size", "0KB")))
                .containsExactly("config.allowed_payload_size: \"0KB\" (expected: > 0)");
        assertThat(problems(Map.of("allowed_payload_size", "ten")))
                .containsExactly("config.allowed_payload_size: \"ten\" (expected: " + SIZE_RULE + ")");
        assertThat(problems(Map.of("allowed_payload_size", 1.5)))
                .containsExactly("config.allowed_payload_size: 1.5 (expected: " + SIZE_RULE + ")");
        assertThat(problems(Map.of("allowed_payload_size", List.of(1))))
                .containsExactly("config.allowed_payload_size: a list (expected: " + SIZE_RULE + ")");
        assertThat(problems(Map.of("allowed_payload_size", new BigInteger("99999999999999999999"))))
                .containsExactly("config.allowed_payload_size: 99999999999999999999 (expected: at most 8796093022207 megabytes)");
    }

    @Test
    void reportsEveryOtherProblem() {
        assertThat(problems(Map.of("allowed_payload_size", "10MB", "size_unit", "bytes"))).containsExactly(
                "config.size_unit: set together with a size that has its own unit (expected: either "
                        + "allowed_payload_size: 10 with size_unit, or allowed_payload_size: 10MB alone)");
        assertThat(problems(Map.of("size_unit", "gigabytes", "require_content_length", "yes", "max", 1)))
                .containsExactly(
                        "config.size_unit: \"gigabytes\" (expected: one of megabytes, kilobytes, bytes)",
                        "config.require_content_length: \"yes\" (expected: true or false)",
                        "config.max: unknown key \"max\" (expected one of: allowed_payload_size, size_unit, "
                                + "require_content_length)");
    }

    @Test
    void refusesADeclaredBodyAboveTheLimit() {
        RequestSizeLimitingPlugin plugin = plugin(Map.of("allowed_payload_size", 100, "size_unit", "bytes"));
        TestExchange exchange = post(101);

        Action.Respond answer = (Action.Respond) plugin.access(exchange);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.error()).isEqualTo("payload_too_large");
        assertThat(answer.message()).isEqualTo("the request body is larger than this route allows");
    }

    @Test
    void capsABodyAtOrBelowTheLimitAndAChunkedOne() {
        RequestSizeLimitingPlugin plugin = plugin(Map.of("allowed_payload_size", 100, "size_unit", "bytes"));
        TestExchange exact = post(100);
        TestExchange chunked = post(-1);
        TestExchange empty = post(0);

        assertThat(plugin.access(exact)).isEqualTo(Action.proceed());
        assertThat(plugin.access(chunked)).isEqualTo(Action.proceed());
        assertThat(plugin.access(empty)).isEqualTo(Action.proceed());
        assertThat(exact.bodyLimit).isEqualTo(100);
        assertThat(chunked.bodyLimit).isEqualTo(100);
        assertThat(empty.bodyLimit).isEqualTo(100);
    }

    @Test
    void refusesAChunkedBodyWhenContentLengthIsRequired() {
        RequestSizeLimitingPlugin plugin = plugin(Map.of("allowed_payload_size", 1, "require_content_length", true));

        Action.Respond answer = (Action.Respond) plugin.access(post(-1));

        assertThat(answer.status()).isEqualTo(411);
        assertThat(answer.error()).isEqualTo("length_required");
        assertThat(plugin.access(post(0))).isEqualTo(Action.proceed());
        assertThat(plugin.access(post(10))).isEqualTo(Action.proceed());
    }

    private long maxBytes(Map<String, ?> config) {
        ConfigProbe<RequestSizeLimitingConfig> probe = ConfigProbe.read(type, config);
        assertThat(probe.problems()).isEmpty();
        return probe.config().maxBytes();
    }

    private List<String> problems(Map<String, ?> config) {
        return ConfigProbe.read(type, config).problems();
    }

    private RequestSizeLimitingPlugin plugin(Map<String, ?> config) {
        ConfigProbe<RequestSizeLimitingConfig> probe = ConfigProbe.read(type, config);
        assertThat(probe.problems()).isEmpty();
        return (RequestSizeLimitingPlugin) type.create(probe.config(), new TestPluginContext());
    }

    private static TestExchange post(long contentLength) {
        TestExchange exchange = TestExchange.get("/upload");
        exchange.method = "POST";
        exchange.contentLength = contentLength;
        return exchange;
    }
}
