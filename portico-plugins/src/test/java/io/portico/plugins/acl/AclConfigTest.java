package io.portico.plugins.acl;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.testing.ConfigProbe;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AclConfigTest {

    private final AclPluginType type = new AclPluginType();

    @Test
    void readsAnAllowList() {
        ConfigProbe<AclConfig> probe = ConfigProbe.read(type, Map.of("allow", List.of("gold", "staff:eu")));

        assertThat(probe.problems()).isEmpty();
        assertThat(probe.config()).isEqualTo(new AclConfig(AclConfig.Mode.ALLOW, Set.of("gold", "staff:eu"), false));
    }

    @Test
    void readsADenyListOfOneAndHidingTheGroups() {
        ConfigProbe<AclConfig> probe = ConfigProbe.read(type, Map.of("deny", "banned", "hide_groups_header", true));

        assertThat(probe.problems()).isEmpty();
        assertThat(probe.config()).isEqualTo(new AclConfig(AclConfig.Mode.DENY, Set.of("banned"), true));
    }

    @Test
    void wantsExactlyOneList() {
        assertThat(ConfigProbe.read(type, Map.of()).problems())
                .containsExactly("config.allow: missing (expected: exactly one of allow, deny)");
        assertThat(ConfigProbe.read(type, Map.of("hide_groups_header", false)).problems())
                .containsExactly("config.allow: missing (expected: exactly one of allow, deny)");
        assertThat(ConfigProbe.read(type, Map.of("allow", List.of("a"), "deny", List.of("b"))).problems())
                .containsExactly("config.deny: set together with allow (expected: exactly one of allow, deny)");
    }

    @Test
    void reportsEveryBadGroupAtItsIndex() {
        ConfigProbe<AclConfig> probe = ConfigProbe.read(type, Map.of(
                "allow", List.of("gold", 3, "two words", ""),
                "hide_groups_header", "yes",
                "whitelist", List.of("x")));

        assertThat(probe.config()).isNull();
        assertThat(probe.problems()).containsExactlyInAnyOrder(
                "config.allow[1]: 3 (expected: text)",
                "config.allow[2]: \"two words\" (expected: " + AclPluginType.GROUP_RULE + ")",
                "config.allow[3]: \"\" (expected: " + AclPluginType.GROUP_RULE + ")",
                "config.hide_groups_header: \"yes\" (expected: true or false)",
                "config.whitelist: unknown key \"whitelist\" (expected one of: allow, deny, hide_groups_header)");
    }

    @Test
    void rejectsEmptyListsAndBadSingleGroups() {
        assertThat(ConfigProbe.read(type, Map.of("deny", List.of())).problems())
                .containsExactly("config.deny: an empty list (expected: a non-empty list of group names)");
        assertThat(ConfigProbe.read(type, Map.of("deny", "a/b")).problems())
                .containsExactly("config.deny: \"a/b\" (expected: " + AclPluginType.GROUP_RULE + ")");
        assertThat(ConfigProbe.read(type, Map.of("allow", Map.of("gold", true))).problems())
                .containsExactly("config.allow: a mapping (expected: a list of text)");
    }
}
