package io.portico.plugins.iprestriction;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.Action;
import io.portico.plugin.Phase;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugin.testing.TestExchange;
import io.portico.plugin.testing.TestPluginContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IpRestrictionPluginTypeTest {

    private final IpRestrictionPluginType type = new IpRestrictionPluginType();

    @Test
    void declaresItsNamePhaseAndPriority() {
        assertThat(type.name()).isEqualTo("ip-restriction");
        assertThat(type.phases()).containsExactly(Phase.ACCESS);
        assertThat(type.priority()).isEqualTo(990);
    }

    @Test
    void readsAValidConfig() {
        ConfigProbe<IpRestrictionConfig> probe = ConfigProbe.read(type, Map.of(
                "allow", List.of("10.0.0.0/8", "2001:db8::/32"), "deny", "10.0.0.7", "status", 404, "message", "nope"));

        assertThat(probe.problems()).isEmpty();
        assertThat(probe.config().status()).isEqualTo(404);
        assertThat(probe.config().message()).isEqualTo("nope");
        assertThat(probe.config().allow().toString()).isEqualTo("[10.0.0.0/8, 2001:db8::/32]");
        assertThat(probe.config().deny().toString()).isEqualTo("[10.0.0.7]");
    }

    @Test
    void defaultsStatusAndMessage() {
        IpRestrictionConfig config = ConfigProbe.read(type, Map.of("deny", List.of("192.0.2.0/24"))).config();

        assertThat(config.status()).isEqualTo(403);
        assertThat(config.message()).isEqualTo("your IP address is not allowed");
        assertThat(config.allow().isEmpty()).isTrue();
    }

    @Test
    void requiresAtLeastOneList() {
        assertThat(ConfigProbe.read(type, Map.of()).problems()).containsExactly(
                "config.allow: missing (expected: at least one address or CIDR block in allow or deny)");
        assertThat(ConfigProbe.read(type, Map.of("allow", List.of(), "deny", List.of())).problems()).containsExactly(
                "config.allow: missing (expected: at least one address or CIDR block in allow or deny)");
    }

    @Test
    void reportsEveryBadEntryAndKey() {
        ConfigProbe<IpRestrictionConfig> probe = ConfigProbe.read(type, Map.of(
                "allow", List.of("10.0.0.0/8", "10.0.0.1/8", "example.com"),
                "deny", List.of("::/129"),
                "status", 200,
                "message", 5,
                "whitelist", List.of("1.2.3.4")));

        assertThat(probe.config()).isNull();
        assertThat(probe.problems()).containsExactlyInAnyOrder(
                "config.allow[1]: \"10.0.0.1/8\" (expected: " + AddressBlocks.RULE + ")",
                "config.allow[2]: \"example.com\" (expected: " + AddressBlocks.RULE + ")",
                "config.deny[0]: \"::/129\" (expected: " + AddressBlocks.RULE + ")",
                "config.status: 200 (expected: between 400 and 599)",
                "config.message: 5 (expected: text)",
                "config.whitelist: unknown key \"whitelist\" (expected one of: allow, deny, status, message)");
    }

    @Test
    void namesABadEntryWhereItIsWrittenAfterAnEntryThatIsNotText() {
        assertThat(ConfigProbe.read(type, Map.of("deny", List.of(10, "10.0.0.1/8"))).problems()).containsExactly(
                "config.deny[0]: 10 (expected: text)",
                "config.deny[1]: \"10.0.0.1/8\" (expected: " + AddressBlocks.RULE + ")");
    }

    @Test
    void allowsOnlyListedClients() {
        IpRestrictionPlugin plugin = plugin(Map.of("allow", List.of("10.0.0.0/8", "2001:db8::/32")));

        assertThat(access(plugin, "10.1.2.3")).isEqualTo(Action.proceed());
        assertThat(access(plugin, "::ffff:10.1.2.3")).isEqualTo(Action.proceed());
        assertThat(access(plugin, "2001:db8:1::5")).isEqualTo(Action.proceed());
        assertThat(access(plugin, "11.1.2.3")).isEqualTo(Action.forbidden("your IP address is not allowed"));
        assertThat(access(plugin, "2001:db9::1")).isEqualTo(Action.forbidden("your IP address is not allowed"));
    }

    @Test
    void deniesListedClientsAndLetsOthersThrough() {
        IpRestrictionPlugin plugin = plugin(Map.of("deny", List.of("192.0.2.0/24", "fd00::/8")));

        assertThat(access(plugin, "192.0.2.200")).isInstanceOf(Action.Respond.class);
        assertThat(access(plugin, "fd12::1")).isInstanceOf(Action.Respond.class);
        assertThat(access(plugin, "192.0.3.1")).isEqualTo(Action.proceed());
        assertThat(access(plugin, "2001:db8::1")).isEqualTo(Action.proceed());
    }

    @Test
    void denyWinsOverAllow() {
        IpRestrictionPlugin plugin = plugin(Map.of("allow", List.of("10.0.0.0/8"), "deny", List.of("10.0.0.0/24")));

        assertThat(access(plugin, "10.0.0.9")).isInstanceOf(Action.Respond.class);
        assertThat(access(plugin, "10.0.1.9")).isEqualTo(Action.proceed());
    }

    @Test
    void rejectsAClientAddressThatIsNotALiteral() {
        IpRestrictionPlugin plugin = plugin(Map.of("deny", List.of("192.0.2.0/24")));

        assertThat(access(plugin, "unknown")).isInstanceOf(Action.Respond.class);
    }

    @Test
    void answersWithTheConfiguredStatusAndMessage() {
        IpRestrictionPlugin plugin = plugin(Map.of("allow", List.of("10.0.0.0/8"), "status", 404, "message", "not here"));

        Action.Respond answer = (Action.Respond) access(plugin, "192.0.2.1");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.error()).isEqualTo("not_found");
        assertThat(answer.message()).isEqualTo("not here");
        assertThat(((Action.Respond) access(plugin(Map.of("allow", "10.0.0.0/8", "status", 418)), "1.1.1.1")).error())
                .isEqualTo("ip_denied");
    }

    private IpRestrictionPlugin plugin(Map<String, ?> config) {
        ConfigProbe<IpRestrictionConfig> probe = ConfigProbe.read(type, config);
        assertThat(probe.problems()).isEmpty();
        return (IpRestrictionPlugin) type.create(probe.config(), new TestPluginContext());
    }

    private static Action access(IpRestrictionPlugin plugin, String clientIp) {
        TestExchange exchange = TestExchange.get("/");
        exchange.clientIp = clientIp;
        return plugin.access(exchange);
    }
}
