package io.portico.plugins.deprecation;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.Phase;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugin.testing.TestExchange;
import io.portico.plugin.testing.TestPluginContext;
import io.portico.plugin.testing.TestResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeprecationPluginTypeTest {

    private final DeprecationPluginType type = new DeprecationPluginType();

    @Test
    void declaresItsNamePhaseAndPriority() {
        assertThat(type.name()).isEqualTo("deprecation");
        assertThat(type.phases()).containsExactly(Phase.RESPONSE_HEADERS);
        assertThat(type.priority()).isEqualTo(100);
    }

    @Test
    void readsInstantsDatesAndLinks() {
        DeprecationConfig config = ConfigProbe.read(type, Map.of("deprecated_at", "2026-03-01T12:30:00Z",
                "sunset", "2027-01-01", "link", "https://developer.example.com/deprecation/v1",
                "sunset_link", "https://developer.example.com/sunset")).config();

        assertThat(config).isEqualTo(new DeprecationConfig(Instant.parse("2026-03-01T12:30:00Z"),
                Instant.parse("2027-01-01T00:00:00Z"), "https://developer.example.com/deprecation/v1",
                "https://developer.example.com/sunset"));
    }

    @Test
    void reportsEveryProblem() {
        assertThat(ConfigProbe.read(type, Map.of()).problems())
                .containsExactly("config.deprecated_at: missing (expected: deprecated_at, sunset or both)");
        assertThat(ConfigProbe.read(type, Map.of("deprecated_at", "yesterday", "sunset", "2027-13-01",
                "link", "/docs", "sunset_link", "https://a.example/<x>", "deprecation", true)).problems()).containsExactly(
                        "config.deprecated_at: \"yesterday\" (expected: an instant such as 2026-06-30T00:00:00Z, or a date"
                                + " such as 2026-06-30)",
                        "config.sunset: \"2027-13-01\" (expected: an instant such as 2026-06-30T00:00:00Z, or a date"
                                + " such as 2026-06-30)",
                        "config.link: \"/docs\" (expected: an absolute http(s) URL without spaces or angle brackets)",
                        "config.sunset_link: \"https://a.example/<x>\" (expected: an absolute http(s) URL without spaces"
                                + " or angle brackets)",
                        "config.deprecation: unknown key \"deprecation\" (expected one of: deprecated_at, sunset, link,"
                                + " sunset_link)");
    }

    @Test
    void rejectsASunsetBeforeTheDeprecation() {
        assertThat(ConfigProbe.read(type, Map.of("deprecated_at", "2027-01-01", "sunset", "2026-12-31")).problems())
                .containsExactly("config.sunset: \"2026-12-31\" (expected: not before deprecated_at "
                        + "(2027-01-01T00:00:00Z))");
    }

    @Test
    void setsDeprecationAsEpochSecondsAndSunsetAsAnHttpDate() {
        TestResponse response = respond(Map.of("deprecated_at", "2026-03-01T12:30:00Z", "sunset", "2027-01-01"));

        assertThat(response.headers.getAll("Deprecation")).containsExactly("@1772368200");
        assertThat(response.headers.getAll("Sunset")).containsExactly("Fri, 1 Jan 2027 00:00:00 GMT");
        assertThat(response.headers.getAll("Link")).isEmpty();
    }

    @Test
    void addsLinksAndReplacesTheUpstreamsOwnDeprecationHeaders() {
        TestResponse response = new TestResponse(200);
        response.headers.set("Deprecation", "@1");
        response.headers.set("Link", "</v2/orders>; rel=\"successor-version\"");
        plugin(Map.of("deprecated_at", "2026-01-01", "link", "https://docs.example.com/v1",
                "sunset_link", "https://docs.example.com/sunset")).responseHeaders(TestExchange.get("/"), response);

        assertThat(response.headers.getAll("Deprecation")).containsExactly("@1767225600");
        assertThat(response.headers.getAll("Sunset")).isEmpty();
        assertThat(response.headers.getAll("Link")).containsExactly("</v2/orders>; rel=\"successor-version\"",
                "<https://docs.example.com/v1>; rel=\"deprecation\"", "<https://docs.example.com/sunset>; rel=\"sunset\"");
    }

    @Test
    void sunsetAloneAddsNoDeprecationHeader() {
        TestResponse response = respond(Map.of("sunset", "2027-06-30T18:00:00Z"));

        assertThat(response.headers.getAll("Deprecation")).isEmpty();
        assertThat(response.headers.getAll("Sunset")).containsExactly("Wed, 30 Jun 2027 18:00:00 GMT");
    }

    private TestResponse respond(Map<String, ?> config) {
        TestResponse response = new TestResponse(200);
        plugin(config).responseHeaders(TestExchange.get("/"), response);
        return response;
    }

    private DeprecationPlugin plugin(Map<String, ?> config) {
        ConfigProbe<DeprecationConfig> probe = ConfigProbe.read(type, config);
        assertThat(probe.problems()).isEmpty();
        return (DeprecationPlugin) type.create(probe.config(), new TestPluginContext());
    }
}
