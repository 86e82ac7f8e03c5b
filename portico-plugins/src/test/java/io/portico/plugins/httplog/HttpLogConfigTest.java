package io.portico.plugins.httplog;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.Phase;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugins.logging.LogFields;
import io.portico.plugins.logging.Masking;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpLogConfigTest {

    private final HttpLogPluginType type = new HttpLogPluginType();

    @Test
    void capturesResponseHeadersAndLogsWithKongsPriority() {
        assertThat(type.name()).isEqualTo("http-log");
        assertThat(type.phases()).containsExactlyInAnyOrder(Phase.RESPONSE_HEADERS, Phase.LOG);
        assertThat(type.priority()).isEqualTo(12);
    }

    @Test
    void fillsInKongsDefaultsAroundTheEndpoint() {
        ConfigProbe<HttpLogConfig> probe = ConfigProbe.read(type, Map.of("http_endpoint", "http://127.0.0.1:9999/logs"));

        assertThat(probe.problems()).isEmpty();
        assertThat(probe.config()).isEqualTo(new HttpLogConfig(new Delivery(
                new Endpoint(URI.create("http://127.0.0.1:9999/logs"), null), "POST", "application/json",
                Duration.ofSeconds(10), Map.of(), new QueueSettings(100, Duration.ofSeconds(1), 10_000,
                        Duration.ofSeconds(60), Duration.ofMillis(100), Duration.ofSeconds(30))), LogFields.DEFAULT));
    }

    @Test
    void readsEveryKey() {
        ConfigProbe<HttpLogConfig> probe = ConfigProbe.read(type, Map.of(
                "http_endpoint", "https://logs.example.com/in?source=portico",
                "method", "PUT",
                "content_type", "application/json; charset=utf-8",
                "timeout", "2s",
                "headers", Map.of("X-Token", "t-123"),
                "queue", Map.of("max_batch_size", 20, "max_coalescing_delay", "250ms", "max_entries", 500,
                        "max_retry_time", "5m", "initial_retry_delay", "1s", "max_retry_delay", "10s"),
                "include_headers", false,
                "mask_headers", List.of("X-Session"),
                "mask_query", List.of("session")));

        assertThat(probe.problems()).isEmpty();
        assertThat(probe.config()).isEqualTo(new HttpLogConfig(new Delivery(
                new Endpoint(URI.create("https://logs.example.com/in?source=portico"), null), "PUT",
                "application/json; charset=utf-8", Duration.ofSeconds(2), Map.of("X-Token", "t-123"),
                new QueueSettings(20, Duration.ofMillis(250), 500, Duration.ofMinutes(5), Duration.ofSeconds(1),
                        Duration.ofSeconds(10))),
                new LogFields(false, Masking.with(List.of("X-Session"), List.of("session")))));
    }

    @Test
    void userInformationBecomesBasicAuthAndLeavesTheUrl() {
        ConfigProbe<HttpLogConfig> probe = ConfigProbe.read(type,
                Map.of("http_endpoint", "https://logger:p%40ss-w0rd@logs.example.com:8443/in?x=1"));

        Endpoint endpoint = probe.config().delivery().endpoint();
        String expected = Base64.getEncoder().encodeToString("logger:p@ss-w0rd".getBytes(StandardCharsets.UTF_8));
        assertThat(endpoint.uri()).isEqualTo(URI.create("https://logs.example.com:8443/in?x=1"));
        assertThat(endpoint.authorization()).isEqualTo("Basic " + expected);
        assertThat(probe.config().toString()).doesNotContain("p%40ss-w0rd", "p@ss-w0rd", expected, "logger");
    }

    @Test
    void headerValuesNeverShowInTheConfigsText() {
        ConfigProbe<HttpLogConfig> probe = ConfigProbe.read(type, Map.of("http_endpoint", "http://127.0.0.1/logs",
                "headers", Map.of("Authorization", "Bearer very-secret-token")));

        assertThat(probe.config().toString()).contains("Authorization").doesNotContain("very-secret-token");
    }

    @Test
    void requiresAnHttpOrHttpsUrl() {
        assertThat(ConfigProbe.read(type, Map.of()).problems())
                .containsExactly("config.http_endpoint: missing (expected: an http or https URL)");
        for (String bad : List.of("ftp://logs.example.com/in", "/relative/path", "http://", "not a url",
                "http://host/path#fragment")) {
            assertThat(ConfigProbe.read(type, Map.of("http_endpoint", bad)).problems()).as(bad)
                    .containsExactly("config.http_endpoint: \"" + bad + "\" (expected: an http or https URL)");
        }
    }

    @Test
    void aBadUrlIsReportedWithoutItsPassword() {
        ConfigProbe<HttpLogConfig> probe = ConfigProbe.read(type,
                Map.of("http_endpoint", "gopher://logger:hunter2@logs.example.com/in"));

        assertThat(probe.problems()).containsExactly(
                "config.http_endpoint: \"gopher://***@logs.example.com/in\" (expected: an http or https URL)");
    }

    @Test
    void reportsEveryBadValueWithItsPath() {
        ConfigProbe<HttpLogConfig> probe = ConfigProbe.read(type, Map.of(
                "http_endpoint", "http://127.0.0.1/logs",
                "method", "GET",
                "content_type", "text/plain",
                "timeout", "soon",
                "headers", Map.of("Host", "x", "bad name", "v", "X-Number", 12345, "X-Split", "a\r\nb"),
                "queue", Map.of("max_batch_size", 0, "max_coalescing_delay", "later", "max_entries", 0,
                        "max_retry_time", "0s", "max_bytes", 10),
                "keepalive", 60000));

        assertThat(probe.config()).isNull();
        assertThat(probe.problems()).containsExactlyInAnyOrder(
                "config.method: \"GET\" (expected: one of POST, PUT, PATCH)",
                "config.content_type: \"text/plain\" (expected: one of application/json, application/json; charset=utf-8)",
                "config.timeout: \"soon\" (expected: a duration such as 250ms, 5s, 2m)",
                "config.headers.Host: set by the HTTP client or by content_type (expected: another header name)",
                "config.headers.bad name: not a header name (expected: a header name)",
                "config.headers.X-Number: not a header value (expected: text without line breaks)",
                "config.headers.X-Split: not a header value (expected: text without line breaks)",
                "config.queue.max_batch_size: 0 (expected: between 1 and 10000)",
                "config.queue.max_coalescing_delay: \"later\" (expected: a duration such as 250ms, 5s, 2m, or 0)",
                "config.queue.max_entries: 0 (expected: between 1 and 1000000)",
                "config.queue.max_retry_time: \"0s\" (expected: > 0)",
                "config.queue.max_bytes: unknown key \"max_bytes\" (expected one of: max_batch_size, "
                        + "max_coalescing_delay, max_entries, max_retry_time, initial_retry_delay, max_retry_delay)",
                "config.keepalive: unknown key \"keepalive\" (expected one of: http_endpoint, method, content_type, "
                        + "timeout, headers, queue, include_headers, mask_headers, mask_query)");
        assertThat(String.join("\n", probe.problems())).doesNotContain("12345");
    }

    @Test
    void theFirstRetryDelayIsNotAboveTheLast() {
        assertThat(ConfigProbe.read(type, Map.of("http_endpoint", "http://127.0.0.1/logs",
                "queue", Map.of("initial_retry_delay", "1m", "max_retry_delay", "10s"))).problems())
                .containsExactly("config.queue.initial_retry_delay: \"1m\" (expected: <= max_retry_delay (10s))");
    }

    @Test
    void boundsEveryDuration() {
        assertThat(ConfigProbe.read(type, Map.of("http_endpoint", "http://127.0.0.1/logs", "timeout", "11m",
                "queue", Map.of("max_coalescing_delay", "2h", "max_retry_time", "200h", "initial_retry_delay", "2h",
                        "max_retry_delay", "2h"))).problems())
                .containsExactlyInAnyOrder(
                        "config.timeout: \"11m\" (expected: <= 10m)",
                        "config.queue.max_coalescing_delay: \"2h\" (expected: <= 1h)",
                        "config.queue.max_retry_time: \"200h\" (expected: <= 168h)",
                        "config.queue.initial_retry_delay: \"2h\" (expected: <= 1h)",
                        "config.queue.max_retry_delay: \"2h\" (expected: <= 1h)");
    }

    @Test
    void noCoalescingIsAllowed() {
        for (Object zero : List.of(0, "0", "0s", "0ms")) {
            ConfigProbe<HttpLogConfig> probe = ConfigProbe.read(type, Map.of("http_endpoint", "http://127.0.0.1/logs",
                    "queue", Map.of("max_coalescing_delay", zero)));
            assertThat(probe.problems()).as(String.valueOf(zero)).isEmpty();
            assertThat(probe.config().delivery().queue().maxCoalescingDelay()).isZero();
        }
    }

    @Test
    void anAuthorizationHeaderAndUserInformationAreOneTooMany() {
        assertThat(ConfigProbe.read(type, Map.of("http_endpoint", "http://u:p@127.0.0.1/logs",
                "headers", Map.of("authorization", "Bearer t"))).problems())
                .containsExactly("config.headers.authorization: set together with user information in http_endpoint "
                        + "(expected: one of the two)");
        assertThat(ConfigProbe.read(type, Map.of("http_endpoint", "http://127.0.0.1/logs",
                "headers", "Bearer t"))).extracting(ConfigProbe::problems).asList()
                .containsExactly("config.headers: text (expected: a mapping of header names to values)");
    }
}
