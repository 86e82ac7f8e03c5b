package io.portico.plugins.botdetection;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.Action;
import io.portico.plugin.Phase;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugin.testing.TestExchange;
import io.portico.plugin.testing.TestPluginContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BotDetectionPluginTypeTest {

    private static final String BROWSER =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";

    private final BotDetectionPluginType type = new BotDetectionPluginType();

    @Test
    void declaresItsNamePhaseAndPriority() {
        assertThat(type.name()).isEqualTo("bot-detection");
        assertThat(type.phases()).containsExactly(Phase.REWRITE);
        assertThat(type.priority()).isEqualTo(2500);
    }

    @Test
    void readsAnEmptyConfig() {
        ConfigProbe<BotDetectionConfig> probe = ConfigProbe.read(type, Map.of());

        assertThat(probe.problems()).isEmpty();
        assertThat(probe.config().allow()).isEmpty();
        assertThat(probe.config().deny()).isEmpty();
    }

    @Test
    void reportsBadRegexesAndKeys() {
        ConfigProbe<BotDetectionConfig> probe = ConfigProbe.read(type, Map.of(
                "allow", List.of("^internal-monitor/", "[unclosed"),
                "deny", List.of("", "a{2,1}"),
                "blacklist", List.of("x")));

        assertThat(probe.config()).isNull();
        assertThat(probe.problems()).containsExactly(
                "config.allow[1]: \"[unclosed\" (expected: a regex; Unclosed character class at index 8)",
                "config.deny[0]: \"\" (expected: a regex that does not match every User-Agent)",
                "config.deny[1]: \"a{2,1}\" (expected: a regex; Illegal repetition range at index 5)",
                "config.blacklist: unknown key \"blacklist\" (expected one of: allow, deny)");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "sqlmap/1.7.2#stable (https://sqlmap.org)",
        "Mozilla/5.00 (Nikto/2.1.6) (Evasions:None) (Test:Port Check)",
        "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)",
        "masscan/1.3 (https://github.com/robertdavidgraham/masscan)",
        "Mozilla/5.0 zgrab/0.x",
        "WPScan v3.8.22 (https://wpscan.com/wordpress-security-scanner)",
        "Fuzz Faster U Fool v2.1.0",
        "Mozilla/4.0 (Hydra)",
        "ZmEu",
        "Mozilla/5.0 (compatible; Nuclei - Open-source project (github.com/projectdiscovery/nuclei))"})
    void refusesKnownScanners(String agent) {
        assertThat(rewrite(plugin(Map.of()), agent)).isEqualTo(Action.forbidden("bots are not allowed"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        BROWSER,
        "curl/8.5.0",
        "python-requests/2.31.0",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Java-http-client/17.0.9",
        "hydra-client/1.0",
        "NmapTools"})
    void letsOrdinaryClientsAndCrawlersThrough(String agent) {
        assertThat(rewrite(plugin(Map.of()), agent)).isEqualTo(Action.proceed());
    }

    @Test
    void letsARequestWithoutUserAgentThrough() {
        assertThat(plugin(Map.of("deny", List.of(".*"))).rewrite(TestExchange.get("/"))).isEqualTo(Action.proceed());
    }

    @Test
    void refusesConfiguredPatternsCaseSensitively() {
        BotDetectionPlugin plugin = plugin(Map.of("deny", List.of("^curl/", "(?i)python-requests")));

        assertThat(rewrite(plugin, "curl/8.5.0")).isInstanceOf(Action.Respond.class);
        assertThat(rewrite(plugin, "Curl/8.5.0")).isEqualTo(Action.proceed());
        assertThat(rewrite(plugin, "Python-Requests/2.31")).isInstanceOf(Action.Respond.class);
        assertThat(rewrite(plugin, BROWSER)).isEqualTo(Action.proceed());
    }

    @Test
    void allowWinsOverDenyAndTheBuiltInList() {
        BotDetectionPlugin plugin = plugin(Map.of("allow", List.of("^sqlmap/.*\\(internal-audit\\)$", "^curl/8\\."),
                "deny", List.of("^curl/")));

        assertThat(rewrite(plugin, "sqlmap/1.7 (internal-audit)")).isEqualTo(Action.proceed());
        assertThat(rewrite(plugin, "sqlmap/1.7")).isInstanceOf(Action.Respond.class);
        assertThat(rewrite(plugin, "curl/8.5.0")).isEqualTo(Action.proceed());
        assertThat(rewrite(plugin, "curl/7.88.1")).isInstanceOf(Action.Respond.class);
    }

    @Test
    void examinesOnlyTheStartOfALongUserAgent() {
        BotDetectionPlugin plugin = plugin(Map.of());
        String padding = "x".repeat(BotDetectionPlugin.EXAMINED_LENGTH);

        assertThat(rewrite(plugin, "sqlmap/1.7 " + padding)).isInstanceOf(Action.Respond.class);
        assertThat(rewrite(plugin, padding + " sqlmap/1.7")).isEqualTo(Action.proceed());
    }

    @Test
    void refusesSeveralUserAgentHeaders() {
        TestExchange exchange = TestExchange.get("/").header("User-Agent", BROWSER).header("User-Agent", "sqlmap/1.7");

        Action.Respond answer = (Action.Respond) plugin(Map.of()).rewrite(exchange);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.message()).isEqualTo("only one User-Agent header is allowed");
    }

    private BotDetectionPlugin plugin(Map<String, ?> config) {
        ConfigProbe<BotDetectionConfig> probe = ConfigProbe.read(type, config);
        assertThat(probe.problems()).isEmpty();
        return (BotDetectionPlugin) type.create(probe.config(), new TestPluginContext());
    }

    private static Action rewrite(BotDetectionPlugin plugin, String agent) {
        return plugin.rewrite(TestExchange.get("/").header("User-Agent", agent));
    }
}
