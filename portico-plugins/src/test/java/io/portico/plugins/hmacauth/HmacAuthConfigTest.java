package io.portico.plugins.hmacauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.testing.ConfigProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HmacAuthConfigTest {

    private final HmacAuthPluginType type = new HmacAuthPluginType();

    @Test
    void defaultsAllowShaTwoFamilyWithFiveMinutesOfSkew() {
        ConfigProbe<HmacAuthConfig> probe = ConfigProbe.read(type, Map.of());

        assertThat(probe.problems()).isEmpty();
        assertThat(probe.config()).isEqualTo(new HmacAuthConfig(Duration.ofMinutes(5), List.of(),
                Set.of(HmacAlgorithm.HMAC_SHA256, HmacAlgorithm.HMAC_SHA384, HmacAlgorithm.HMAC_SHA512), false, null));
    }

    @Test
    void readsEveryKey() {
        ConfigProbe<HmacAuthConfig> probe = ConfigProbe.read(type, Map.of(
                "clock_skew", "30s",
                "enforce_headers", List.of("Date", "request-line", "digest", "date"),
                "algorithms", List.of("hmac-sha1", "hmac-sha512"),
                "hide_credentials", true,
                "anonymous", "guest"), "guest");

        assertThat(probe.problems()).isEmpty();
        assertThat(probe.config()).isEqualTo(new HmacAuthConfig(Duration.ofSeconds(30),
                List.of("date", "request-line", "digest"), Set.of(HmacAlgorithm.HMAC_SHA1, HmacAlgorithm.HMAC_SHA512),
                true, "guest"));
    }

    @Test
    void reportsEveryProblemWithItsPath() {
        ConfigProbe<HmacAuthConfig> probe = ConfigProbe.read(type, Map.of(
                "clock_skew", 300,
                "enforce_headers", List.of("date", "bad header", "x\"y"),
                "algorithms", List.of("hmac-md5", "hmac-sha256"),
                "hide_credentials", "yes",
                "anonymous", "nobody",
                "validate_request_body", true), "guest");

        assertThat(probe.problems()).containsExactlyInAnyOrder(
                "config.clock_skew: 300 (expected: a duration such as 250ms, 5s, 2m)",
                "config.enforce_headers[1]: \"bad header\" (expected: a header name or request-line)",
                "config.enforce_headers[2]: \"x\\\"y\" (expected: a header name or request-line)",
                "config.algorithms[0]: \"hmac-md5\" (expected: one of hmac-sha1, hmac-sha256, hmac-sha384, hmac-sha512)",
                "config.hide_credentials: \"yes\" (expected: true or false)",
                "config.anonymous: \"nobody\" (expected: the username of a consumer)",
                "config.validate_request_body: unknown key \"validate_request_body\" (expected one of: clock_skew, "
                        + "enforce_headers, algorithms, hide_credentials, anonymous)");
    }

    @Test
    void rejectsAnEmptyAlgorithmList() {
        ConfigProbe<HmacAuthConfig> probe = ConfigProbe.read(type, Map.of("algorithms", List.of()));

        assertThat(probe.problems()).containsExactly(
                "config.algorithms: a list (expected: at least one of hmac-sha1, hmac-sha256, hmac-sha384, hmac-sha512)");
    }

    @Test
    void rejectsZeroClockSkew() {
        ConfigProbe<HmacAuthConfig> probe = ConfigProbe.read(type, Map.of("clock_skew", "0s"));

        assertThat(probe.problems()).containsExactly("config.clock_skew: \"0s\" (expected: > 0)");
    }
}
