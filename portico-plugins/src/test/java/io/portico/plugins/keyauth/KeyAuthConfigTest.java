package io.portico.plugins.keyauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.testing.ConfigProbe;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyAuthConfigTest {

    private final KeyAuthPluginType type = new KeyAuthPluginType();

    @Test
    void defaultsFollowKong() {
        ConfigProbe<KeyAuthConfig> probe = ConfigProbe.read(type, Map.of());

        assertThat(probe.problems()).isEmpty();
        assertThat(probe.config()).isEqualTo(new KeyAuthConfig(List.of("apikey"), true, true, false, null));
    }

    @Test
    void readsEveryKey() {
        ConfigProbe<KeyAuthConfig> probe = ConfigProbe.read(type, Map.of(
                "key_names", List.of("x-api-key", "key"),
                "key_in_header", false,
                "key_in_query", true,
                "hide_credentials", true,
                "anonymous", "guest"), "guest");

        assertThat(probe.problems()).isEmpty();
        assertThat(probe.config()).isEqualTo(new KeyAuthConfig(List.of("x-api-key", "key"), false, true, true, "guest"));
    }

    @Test
    void acceptsASingleKeyNameAsText() {
        assertThat(ConfigProbe.read(type, Map.of("key_names", "x-api-key")).config().keyNames())
                .containsExactly("x-api-key");
    }

    @Test
    void reportsEveryProblemWithItsPath() {
        ConfigProbe<KeyAuthConfig> probe = ConfigProbe.read(type, Map.of(
                "key_names", List.of("ok", 7, "bad name", ""),
                "key_in_header", "yes",
                "hide_credentials", 1,
                "anonymous", "nobody",
                "key_in_body", true), "guest");

        assertThat(probe.config()).isNull();
        assertThat(probe.problems()).containsExactlyInAnyOrder(
                "config.key_names[1]: 7 (expected: text)",
                "config.key_names[2]: \"bad name\" (expected: " + KeyAuthPluginType.KEY_NAME_RULE + ")",
                "config.key_names[3]: \"\" (expected: " + KeyAuthPluginType.KEY_NAME_RULE + ")",
                "config.key_in_header: \"yes\" (expected: true or false)",
                "config.hide_credentials: 1 (expected: true or false)",
                "config.anonymous: \"nobody\" (expected: the username of a consumer)",
                "config.key_in_body: unknown key \"key_in_body\" (expected one of: key_names, key_in_header,"
                        + " key_in_query, hide_credentials, anonymous)");
    }

    @Test
    void rejectsAnEmptyListOfKeyNames() {
        assertThat(ConfigProbe.read(type, Map.of("key_names", List.of())).problems())
                .containsExactly("config.key_names: an empty list (expected: a non-empty list of header names)");
    }

    @Test
    void rejectsLookingNowhere() {
        assertThat(ConfigProbe.read(type, Map.of("key_in_header", false, "key_in_query", false)).problems())
                .containsExactly("config.key_in_query: false (expected: true when key_in_header is false)");
    }

    @Test
    void checksASingleKeyName() {
        assertThat(ConfigProbe.read(type, Map.of("key_names", "x key")).problems())
                .containsExactly("config.key_names: \"x key\" (expected: " + KeyAuthPluginType.KEY_NAME_RULE + ")");
    }

    @Test
    void quotesControlCharactersInBadNames() {
        assertThat(ConfigProbe.read(type, Map.of("key_names", List.of("a\nb"))).problems())
                .containsExactly("config.key_names[0]: \"a\\nb\" (expected: " + KeyAuthPluginType.KEY_NAME_RULE + ")");
    }
}
