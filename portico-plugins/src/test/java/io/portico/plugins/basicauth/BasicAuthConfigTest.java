package io.portico.plugins.basicauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.testing.ConfigProbe;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BasicAuthConfigTest {

    private final BasicAuthPluginType type = new BasicAuthPluginType();

    @Test
    void defaults() {
        assertThat(ConfigProbe.read(type, Map.of()).config()).isEqualTo(new BasicAuthConfig(null, false, "portico"));
    }

    @Test
    void readsEveryKey() {
        ConfigProbe<BasicAuthConfig> probe = ConfigProbe.read(type,
                Map.of("anonymous", "guest", "hide_credentials", true, "realm", "Staff area"), "guest");

        assertThat(probe.problems()).isEmpty();
        assertThat(probe.config()).isEqualTo(new BasicAuthConfig("guest", true, "Staff area"));
    }

    @Test
    void reportsEveryProblem() {
        ConfigProbe<BasicAuthConfig> probe = ConfigProbe.read(type,
                Map.of("anonymous", "ghost", "hide_credentials", "no", "realm", "say \"hi\"", "iterations", 5), "guest");

        assertThat(probe.config()).isNull();
        assertThat(probe.problems()).containsExactlyInAnyOrder(
                "config.anonymous: \"ghost\" (expected: the username of a consumer)",
                "config.hide_credentials: \"no\" (expected: true or false)",
                "config.realm: \"say \\\"hi\\\"\" (expected: " + BasicAuthPluginType.REALM_RULE + ")",
                "config.iterations: unknown key \"iterations\" (expected one of: anonymous, hide_credentials, realm)");
    }

    @Test
    void rejectsAnEmptyRealm() {
        assertThat(ConfigProbe.read(type, Map.of("realm", "")).problems())
                .containsExactly("config.realm: \"\" (expected: " + BasicAuthPluginType.REALM_RULE + ")");
    }
}
