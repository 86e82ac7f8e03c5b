package io.portico.plugins.cors;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.Phase;
import io.portico.plugin.testing.ConfigProbe;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CorsPluginTypeTest {

    private static final String ORIGIN_RULE =
            "\"*\", an origin such as https://app.example.com, or a regex such as ~^https://.*\\.example\\.com$";

    private final CorsPluginType type = new CorsPluginType();

    @Test
    void declaresItsNamePhasesAndPriority() {
        assertThat(type.name()).isEqualTo("cors");
        assertThat(type.phases()).containsExactlyInAnyOrder(Phase.REWRITE, Phase.RESPONSE_HEADERS);
        assertThat(type.priority()).isEqualTo(2000);
    }

    @Test
    void defaultsToKongsSettings() {
        CorsConfig config = ConfigProbe.read(type, Map.of()).config();

        assertThat(config.origins()).isInstanceOf(AllowedOrigins.Any.class);
        assertThat(config.methods()).containsExactly("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE", "OPTIONS", "TRACE",
                "CONNECT");
        assertThat(config.headers()).isNull();
        assertThat(config.exposedHeaders()).isEmpty();
        assertThat(config.credentials()).isFalse();
        assertThat(config.maxAgeSeconds()).isEqualTo(-1);
        assertThat(config.preflightContinue()).isFalse();
        assertThat(config.privateNetwork()).isFalse();
    }

    @Test
    void readsEveryKey() {
        CorsConfig config = ConfigProbe.read(type, Map.of(
                "origins", List.of("https://App.Example.com:443", "http://localhost:3000", "~^https://[a-z]+\\.example\\.org$"),
                "methods", List.of("GET", "POST"),
                "headers", List.of("Content-Type", "X-Api-Key"),
                "exposed_headers", "X-Total-Count",
                "credentials", true,
                "max_age", 3600,
                "preflight_continue", false,
                "private_network", true)).config();

        AllowedOrigins.Listed origins = (AllowedOrigins.Listed) config.origins();
        assertThat(origins.exact()).containsExactlyInAnyOrder("https://app.example.com", "http://localhost:3000");
        assertThat(origins.patterns()).singleElement().hasToString("^https://[a-z]+\\.example\\.org$");
        assertThat(config.methods()).containsExactly("GET", "POST");
        assertThat(config.headers()).containsExactly("Content-Type", "X-Api-Key");
        assertThat(config.exposedHeaders()).containsExactly("X-Total-Count");
        assertThat(config.credentials()).isTrue();
        assertThat(config.maxAgeSeconds()).isEqualTo(3600);
        assertThat(config.privateNetwork()).isTrue();
    }

    @Test
    void readsAStarAloneAsEveryOrigin() {
        assertThat(ConfigProbe.read(type, Map.of("origins", List.of("*"))).config().origins())
                .isInstanceOf(AllowedOrigins.Any.class);
        assertThat(ConfigProbe.read(type, Map.of("origins", "*")).config().origins())
                .isInstanceOf(AllowedOrigins.Any.class);
    }

    @Test
    void readsAnEmptyHeadersListAsAllowingNoHeaders() {
        assertThat(ConfigProbe.read(type, Map.of("headers", List.of())).config().headers()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example.com/", "https://app.example.com/path", "app.example.com",
        "https://app.example.com?x=1", "https://user@app.example.com", "https://app.example.com:", "null",
        "https:app.example.com", "https://"})
    void refusesWhatIsNotAnOrigin(String origin) {
        assertThat(ConfigProbe.read(type, Map.of("origins", List.of(origin))).problems())
                .containsExactly("config.origins[0]: \"" + origin + "\" (expected: " + ORIGIN_RULE + ")");
    }

    @Test
    void reportsEveryProblem() {
        ConfigProbe<CorsConfig> probe = ConfigProbe.read(type, Map.of(
                "origins", List.of("https://ok.example.com", "*", "~[unclosed"),
                "methods", List.of("GET", "FETCH", "get"),
                "headers", List.of("Content-Type", "X Bad"),
                "exposed_headers", List.of(""),
                "credentials", "yes",
                "max_age", -1,
                "preflight_continue", 1,
                "private_network", "no",
                "allow_origin_absent", true));

        assertThat(probe.config()).isNull();
        assertThat(probe.problems()).containsExactly(
                "config.origins[1]: \"*\" (expected: \"*\" alone, since it allows every origin)",
                "config.origins[2]: \"~[unclosed\" (expected: a regex after ~; Unclosed character class at index 8)",
                "config.methods[1]: \"FETCH\" (expected: one of GET, HEAD, PUT, PATCH, POST, DELETE, OPTIONS, TRACE, CONNECT)",
                "config.methods[2]: \"get\" (expected: one of GET, HEAD, PUT, PATCH, POST, DELETE, OPTIONS, TRACE, CONNECT)",
                "config.headers[1]: \"X Bad\" (expected: a header name)",
                "config.exposed_headers[0]: \"\" (expected: a header name)",
                "config.credentials: \"yes\" (expected: true or false)",
                "config.max_age: -1 (expected: >= 0)",
                "config.preflight_continue: 1 (expected: true or false)",
                "config.private_network: \"no\" (expected: true or false)",
                "config.allow_origin_absent: unknown key \"allow_origin_absent\" (expected one of: origins, methods, "
                        + "headers, exposed_headers, credentials, max_age, preflight_continue, private_network)");
    }

    @Test
    void refusesAnEmptyOriginList() {
        assertThat(ConfigProbe.read(type, Map.of("origins", List.of())).problems())
                .containsExactly("config.origins: a list (expected: at least one entry: " + ORIGIN_RULE + ")");
    }
}
