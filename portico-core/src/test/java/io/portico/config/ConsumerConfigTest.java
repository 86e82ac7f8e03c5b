package io.portico.config;

import static io.portico.config.ConfigFixtures.errors;
import static io.portico.config.ConfigFixtures.v1;
import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.PluginRegistry;
import io.portico.testing.TestPluginTypes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Consumers, their credentials and plugins, and plugin configs read by their types. */
class ConsumerConfigTest {

    private static final PluginRegistry PLUGINS = TestPluginTypes.registry();

    private static PorticoSpec parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "test.yaml", ConfigFixtures.NO_ENV, PLUGINS);
    }

    private static List<String> problems(String yaml) {
        return errors(yaml, Map.of(), PLUGINS);
    }

    @Test
    void bindsConsumersWithCredentialsReadByTheirPluginAndScopedPlugins() throws Exception {
        PorticoSpec spec = parse(v1("""
                routes: [{name: r, paths: [/], response: {}, plugins: [{name: header-auth, config: {anonymous: guest}}]}]
                consumers:
                  - username: alice
                    groups: [gold, gold, beta]
                    credentials: {header-auth: [{token: t-1}, {token: t-2}]}
                    plugins:
                      - {name: deny, config: {status: 429}}
                      - {name: deny, route: r, priority: 7}
                  - username: guest
                """));

        ConsumerSpec alice = spec.consumers().get(0);
        assertThat(alice.username()).isEqualTo("alice");
        assertThat(alice.groups()).containsExactly("gold", "beta");
        assertThat(alice.credentials().get("header-auth")).containsExactly(
                new TestPluginTypes.TokenCredential("t-1", "alice-token-1"),
                new TestPluginTypes.TokenCredential("t-2", "alice-token-2"));
        assertThat(alice.plugins()).extracting(PluginSpec::route).containsExactly(null, "r");
        assertThat(alice.plugins().get(0).parsedConfig()).isEqualTo(429);
        assertThat(alice.plugins().get(1).priority()).isEqualTo(7);
        assertThat(spec.consumers().get(1).credentials()).isEmpty();
        assertThat(spec.routes().get(0).plugins().get(0).parsedConfig().toString()).contains("anonymous=guest");
    }

    @Test
    void reportsPluginConfigProblemsAtTheirLine() {
        assertThat(problems(v1("""
                routes:
                  - name: r
                    paths: [/]
                    response: {}
                    plugins:
                      - name: deny
                        config:
                          status: 99
                          colour: red
                      - {name: header-auth, config: {anonymous: nobody, delay: soon}}
                """))).containsExactly(
                "9:19: routes[0].plugins[0].config.status: 99 (expected: between 400 and 599)",
                "10:19: routes[0].plugins[0].config.colour: unknown key \"colour\" (expected one of: status)",
                "11:49: routes[0].plugins[1].config.anonymous: \"nobody\" (expected: the username of a consumer)",
                "11:64: routes[0].plugins[1].config.delay: \"soon\" (expected: a duration such as 250ms, 5s, 2m)");
    }

    @Test
    void reportsConsumerMistakes() {
        assertThat(problems(v1("""
                routes: [{name: r, paths: [/], response: {}}]
                consumers:
                  - username: "al ice"
                  - username: bob
                    groups: ["a,b"]
                    credentials: {header-auth: [{token: same}], key-auth: [{key: x}]}
                  - username: carol
                    credentials: {header-auth: [{token: same}, {}]}
                    plugins:
                      - {name: header-auth}
                      - {name: deny, route: nowhere}
                  - username: bob
                  - {groups: []}
                """))).containsExactly(
                "4:15: consumers[0].username: \"al ice\" (expected: 1 to 128 characters of a-z, A-Z, 0-9, '.', '_', '-', '@' and '+')",
                "6:14: consumers[1].groups[0]: \"a,b\" (expected: 1 to 128 characters of a-z, A-Z, 0-9, '.', '_', '-' and ':')",
                "7:49: consumers[1].credentials.key-auth: unknown credential type \"key-auth\" (expected: the name of an authentication plugin: header-auth)",
                "9:18: consumers[2].credentials.header-auth[0]: duplicate credential (expected: unique among consumers; the same one is at consumers[1].credentials.header-auth[0])",
                "9:48: consumers[2].credentials.header-auth[1].token: missing (expected: a token)",
                "11:16: consumers[2].plugins[0].name: \"header-auth\" (expected: a plugin that runs after authentication; consumer plugins cannot identify consumers)",
                "12:29: consumers[2].plugins[1].route: \"nowhere\" (expected: the name of a route)",
                "13:15: consumers[3].username: \"bob\" (expected: a unique username; also used by consumers[1])",
                "14:5: consumers[4].username: missing (expected: 1 to 128 characters of a-z, A-Z, 0-9, '.', '_', '-', '@' and '+')");
    }
}
