package io.portico.plugins.keyauth;

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

class KeyAuthPluginTest {

    private static final String ALICE_KEY = "alice-0123456789abcdef0123456789ab";
    private static final String BOB_KEY = "bob-0123456789abcdef0123456789abcd";

    private final Consumer alice = new Consumer("alice", List.of("gold"));
    private final Consumer bob = new Consumer("bob", List.of());
    private final Consumer guest = new Consumer("guest", List.of("anonymous"));
    private final KeyAuthCredential aliceKey = new KeyAuthCredential(ALICE_KEY, "alice-key-1");
    private final KeyAuthCredential bobKey = new KeyAuthCredential(BOB_KEY, "bob-ci");
    private final TestPluginContext context = new TestPluginContext()
            .consumer(alice, aliceKey)
            .consumer(bob, bobKey)
            .consumer(guest);

    private Plugin plugin(Map<String, ?> config) {
        ConfigProbe<KeyAuthConfig> probe = ConfigProbe.read(new KeyAuthPluginType(), config, "alice", "bob", "guest");
        assertThat(probe.problems()).isEmpty();
        return new KeyAuthPluginType().create(probe.config(), context);
    }

    @Test
    void identifiesTheConsumerByTheKeyHeader() {
        TestExchange exchange = TestExchange.get("/x").header("apikey", ALICE_KEY);

        assertThat(plugin(Map.of()).authenticate(exchange)).isSameAs(Action.proceed());
        assertThat(exchange.consumer()).isEqualTo(alice);
        assertThat(exchange.credential()).isSameAs(aliceKey);
        assertThat(exchange.authenticated()).isTrue();
    }

    @Test
    void matchesTheHeaderNameCaseInsensitively() {
        TestExchange exchange = TestExchange.get("/x").header("ApiKey", BOB_KEY);

        plugin(Map.of()).authenticate(exchange);

        assertThat(exchange.consumer()).isEqualTo(bob);
        assertThat(exchange.credential().identifier()).isEqualTo("bob-ci");
    }

    @Test
    void identifiesTheConsumerByTheQueryParameter() {
        TestExchange exchange = TestExchange.get("/x?a=1&apikey=" + ALICE_KEY);

        assertThat(plugin(Map.of()).authenticate(exchange)).isSameAs(Action.proceed());
        assertThat(exchange.consumer()).isEqualTo(alice);
    }

    @Test
    void triesTheKeyNamesInOrderHeaderBeforeQuery() {
        TestExchange exchange = TestExchange.get("/x?first=" + ALICE_KEY).header("second", BOB_KEY);

        plugin(Map.of("key_names", List.of("first", "second"))).authenticate(exchange);

        assertThat(exchange.consumer()).isEqualTo(alice);
    }

    @Test
    void rejectsAMissingKeyWithAChallenge() {
        Action action = plugin(Map.of()).authenticate(TestExchange.get("/x"));

        assertUnauthorized(action, "no API key found in request");
    }

    @Test
    void treatsAnEmptyKeyAsMissing() {
        assertUnauthorized(plugin(Map.of()).authenticate(TestExchange.get("/x").header("apikey", "")),
                "no API key found in request");
        assertUnauthorized(plugin(Map.of()).authenticate(TestExchange.get("/x?apikey=")),
                "no API key found in request");
    }

    @Test
    void rejectsAnUnknownKeyWithoutEchoingIt() {
        String guess = "guess-0123456789abcdef0123456789";
        TestExchange exchange = TestExchange.get("/x").header("apikey", guess);

        Action action = plugin(Map.of()).authenticate(exchange);

        assertUnauthorized(action, "invalid authentication credentials");
        assertThat(action.toString()).doesNotContain(guess);
        assertThat(exchange.consumer()).isNull();
    }

    @Test
    void rejectsAKeyThatDiffersOnlyInCase() {
        assertUnauthorized(plugin(Map.of()).authenticate(TestExchange.get("/x").header("apikey", ALICE_KEY.toUpperCase())),
                "invalid authentication credentials");
    }

    @Test
    void rejectsTwoKeysUnderOneName() {
        assertUnauthorized(plugin(Map.of()).authenticate(TestExchange.get("/x")
                .header("apikey", ALICE_KEY).header("apikey", BOB_KEY)), "duplicate API key found in request");
        assertUnauthorized(plugin(Map.of()).authenticate(TestExchange.get("/x?apikey=" + ALICE_KEY + "&api%6Bey=" + BOB_KEY)),
                "duplicate API key found in request");
    }

    @Test
    void looksOnlyWhereConfigured() {
        assertUnauthorized(plugin(Map.of("key_in_query", false)).authenticate(TestExchange.get("/x?apikey=" + ALICE_KEY)),
                "no API key found in request");
        assertUnauthorized(plugin(Map.of("key_in_header", false)).authenticate(TestExchange.get("/x").header("apikey", ALICE_KEY)),
                "no API key found in request");
    }

    @Test
    void keepsTheKeyForTheUpstreamByDefault() {
        TestExchange exchange = TestExchange.get("/x?apikey=" + ALICE_KEY + "&a=1").header("apikey", ALICE_KEY);

        plugin(Map.of()).authenticate(exchange);

        assertThat(exchange.requestHeaders().get("apikey")).isEqualTo(ALICE_KEY);
        assertThat(exchange.query()).isEqualTo("apikey=" + ALICE_KEY + "&a=1");
    }

    @Test
    void hidesEveryKeyHeaderAndParameterWhenAsked() {
        TestExchange exchange = TestExchange.get("/x?a=1&apikey=" + ALICE_KEY + "&other=" + BOB_KEY)
                .header("apikey", ALICE_KEY)
                .header("x-keep", "1");

        plugin(Map.of("hide_credentials", true, "key_names", List.of("apikey", "other"))).authenticate(exchange);

        assertThat(exchange.consumer()).isEqualTo(alice);
        assertThat(exchange.requestHeaders().names()).containsExactly("x-keep");
        assertThat(exchange.query()).isEqualTo("a=1");
    }

    @Test
    void hidesAnInvalidKeyToo() {
        TestExchange exchange = TestExchange.get("/x").header("apikey", "wrong-key-0123456789");

        plugin(Map.of("hide_credentials", true)).authenticate(exchange);

        assertThat(exchange.requestHeaders().contains("apikey")).isFalse();
    }

    @Test
    void fallsBackToTheAnonymousConsumer() {
        TestExchange exchange = TestExchange.get("/x").header("apikey", "wrong-key-0123456789");

        assertThat(plugin(Map.of("anonymous", "guest")).authenticate(exchange)).isSameAs(Action.proceed());
        assertThat(exchange.consumer()).isEqualTo(guest);
        assertThat(exchange.credential()).isNull();
        assertThat(exchange.authenticated()).isFalse();
    }

    @Test
    void keepsAConsumerAnotherPluginAuthenticatedWhenAnonymousIsConfigured() {
        TestExchange exchange = TestExchange.get("/x").header("apikey", BOB_KEY);
        exchange.authenticate(alice, aliceKey);

        assertThat(plugin(Map.of("anonymous", "guest")).authenticate(exchange)).isSameAs(Action.proceed());
        assertThat(exchange.consumer()).isEqualTo(alice);
    }

    @Test
    void authenticatesOverAnEarlierAnonymousFallback() {
        TestExchange exchange = TestExchange.get("/x").header("apikey", BOB_KEY);
        exchange.authenticateAnonymous(guest);

        plugin(Map.of("anonymous", "guest")).authenticate(exchange);

        assertThat(exchange.consumer()).isEqualTo(bob);
        assertThat(exchange.authenticated()).isTrue();
    }

    @Test
    void requiresItsOwnKeyWithoutAnonymousEvenWhenAnotherPluginAuthenticated() {
        TestExchange exchange = TestExchange.get("/x");
        exchange.authenticate(alice, aliceKey);

        assertUnauthorized(plugin(Map.of()).authenticate(exchange), "no API key found in request");
    }

    private static void assertUnauthorized(Action action, String message) {
        assertThat(action).isInstanceOf(Action.Respond.class);
        Action.Respond respond = (Action.Respond) action;
        assertThat(respond.status()).isEqualTo(401);
        assertThat(respond.error()).isEqualTo("unauthorized");
        assertThat(respond.message()).isEqualTo(message);
        assertThat(respond.headers()).containsExactly(Map.entry("WWW-Authenticate", "Key realm=\"portico\""));
    }
}
