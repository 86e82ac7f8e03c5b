package io.portico.plugins.acl;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.Action;
import io.portico.plugin.Consumer;
import io.portico.plugin.Plugin;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugin.testing.TestExchange;
import io.portico.plugin.testing.TestPluginContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AclPluginTest {

    private static Plugin plugin(Map<String, ?> config) {
        ConfigProbe<AclConfig> probe = ConfigProbe.read(new AclPluginType(), config);
        assertThat(probe.problems()).isEmpty();
        return new AclPluginType().create(probe.config(), new TestPluginContext());
    }

    private static TestExchange as(String username, String... groups) {
        TestExchange exchange = TestExchange.get("/x");
        exchange.authenticate(new Consumer(username, List.of(groups)), () -> username + "-key");
        return exchange;
    }

    @Test
    void letsInAConsumerInAnAllowedGroup() {
        Plugin plugin = plugin(Map.of("allow", List.of("gold", "staff")));

        assertThat(plugin.access(as("alice", "silver", "staff"))).isSameAs(Action.proceed());
        assertThat(plugin.access(as("bob", "gold"))).isSameAs(Action.proceed());
    }

    @Test
    void keepsOutAConsumerInNoAllowedGroup() {
        Plugin plugin = plugin(Map.of("allow", List.of("gold")));

        assertForbidden(plugin.access(as("carol", "silver")), "you cannot consume this service");
        assertForbidden(plugin.access(as("dave")), "you cannot consume this service");
    }

    @Test
    void keepsOutAConsumerInADeniedGroup() {
        Plugin plugin = plugin(Map.of("deny", List.of("banned", "trial")));

        assertForbidden(plugin.access(as("eve", "gold", "banned")), "you cannot consume this service");
        assertThat(plugin.access(as("frank", "gold"))).isSameAs(Action.proceed());
        assertThat(plugin.access(as("grace"))).isSameAs(Action.proceed());
    }

    @Test
    void comparesGroupNamesExactly() {
        assertForbidden(plugin(Map.of("allow", List.of("gold"))).access(as("alice", "Gold")),
                "you cannot consume this service");
    }

    @Test
    void judgesTheAnonymousConsumerByItsGroups() {
        TestExchange anonymous = TestExchange.get("/x");
        anonymous.authenticateAnonymous(new Consumer("guest", List.of("anonymous")));

        assertForbidden(plugin(Map.of("deny", List.of("anonymous"))).access(anonymous), "you cannot consume this service");
        assertThat(plugin(Map.of("allow", List.of("anonymous"))).access(anonymous)).isSameAs(Action.proceed());
    }

    @Test
    void deniesARequestWithoutAConsumerEitherWay() {
        String message = "no consumer identified; configure an authentication plugin";

        assertForbidden(plugin(Map.of("allow", List.of("gold"))).access(TestExchange.get("/x")), message);
        assertForbidden(plugin(Map.of("deny", List.of("banned"))).access(TestExchange.get("/x")), message);
    }

    @Test
    void removesTheGroupsHeaderUpstreamOnlyWhenAsked() {
        TestExchange hidden = as("alice", "gold").header("X-Consumer-Groups", "gold");
        TestExchange shown = as("alice", "gold").header("X-Consumer-Groups", "gold");

        assertThat(plugin(Map.of("allow", "gold", "hide_groups_header", true)).upstreamRequest(hidden))
                .isSameAs(Action.proceed());
        plugin(Map.of("allow", "gold")).upstreamRequest(shown);

        assertThat(hidden.requestHeaders().contains("x-consumer-groups")).isFalse();
        assertThat(shown.requestHeaders().get("x-consumer-groups")).isEqualTo("gold");
    }

    private static void assertForbidden(Action action, String message) {
        assertThat(action).isInstanceOf(Action.Respond.class);
        Action.Respond respond = (Action.Respond) action;
        assertThat(respond.status()).isEqualTo(403);
        assertThat(respond.error()).isEqualTo("forbidden");
        assertThat(respond.message()).isEqualTo(message);
    }
}
