package io.portico.plugins.basicauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.Action;
import io.portico.plugin.Consumer;
import io.portico.plugin.Plugin;
import io.portico.plugin.testing.Awaits;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugin.testing.MutableClock;
import io.portico.plugin.testing.TestExchange;
import io.portico.plugin.testing.TestPluginContext;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BasicAuthPluginTest {

    private static final String CHALLENGE = "Basic realm=\"portico\"";

    private final Consumer alice = new Consumer("alice", List.of("staff"));
    private final Consumer guest = new Consumer("guest", List.of());
    private final BasicAuthCredential aliceLogin =
            new BasicAuthCredential("alice", PasswordHash.of("wonderland", 1_000, new SecureRandom()));
    private final AtomicInteger checks = new AtomicInteger();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final TestPluginContext context = new TestPluginContext().consumer(alice, aliceLogin).consumer(guest);

    BasicAuthPluginTest() {
        context.clock = clock;
        context.blockingExecutor = task -> {
            checks.incrementAndGet();
            task.run();
        };
    }

    private Plugin plugin(Map<String, ?> config) {
        ConfigProbe<BasicAuthConfig> probe = ConfigProbe.read(new BasicAuthPluginType(1_000), config, "alice", "guest");
        assertThat(probe.problems()).isEmpty();
        return new BasicAuthPluginType(1_000).create(probe.config(), context);
    }

    private static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    private static TestExchange login(String userPass) {
        return TestExchange.get("/x").header("Authorization", basic(userPass));
    }

    /** The action once any wait is over (the direct executor completes it at once). */
    private static Action settled(Action action) throws Exception {
        return Awaits.settle(action);
    }

    @Test
    void identifiesTheConsumerByUsernameAndPassword() throws Exception {
        TestExchange exchange = login("alice:wonderland");

        Action action = plugin(Map.of()).authenticate(exchange);

        assertThat(action).isInstanceOf(Action.Await.class); // PBKDF2 went to the blocking executor
        assertThat(settled(action)).isSameAs(Action.proceed());
        assertThat(exchange.consumer()).isEqualTo(alice);
        assertThat(exchange.credential()).isSameAs(aliceLogin);
        assertThat(checks).hasValue(1);
    }

    @Test
    void acceptsTheSchemeInAnyCase() throws Exception {
        TestExchange exchange = TestExchange.get("/x").header("authorization",
                "bAsIc " + Base64.getEncoder().encodeToString("alice:wonderland".getBytes(StandardCharsets.UTF_8)));

        assertThat(settled(plugin(Map.of()).authenticate(exchange))).isSameAs(Action.proceed());
        assertThat(exchange.consumer()).isEqualTo(alice);
    }

    @Test
    void acceptsAPasswordContainingColons() throws Exception {
        BasicAuthCredential colons = new BasicAuthCredential("bob", PasswordHash.of("a:b:c", 1_000, new SecureRandom()));
        Consumer bob = new Consumer("bob", List.of());
        context.consumer(bob, colons);
        TestExchange exchange = login("bob:a:b:c");

        assertThat(settled(plugin(Map.of()).authenticate(exchange))).isSameAs(Action.proceed());
        assertThat(exchange.consumer()).isEqualTo(bob);
    }

    @Test
    void rejectsAWrongPassword() throws Exception {
        TestExchange exchange = login("alice:looking-glass");

        assertUnauthorized(settled(plugin(Map.of()).authenticate(exchange)), "invalid authentication credentials");
        assertThat(exchange.consumer()).isNull();
    }

    @Test
    void makesAnUnknownUsernameCostAFullCheck() throws Exception {
        assertUnauthorized(settled(plugin(Map.of()).authenticate(login("mallory:wonderland"))),
                "invalid authentication credentials");
        assertThat(checks).hasValue(1);
    }

    @Test
    void rejectsMissingCredentialsWithAChallenge() {
        assertUnauthorized(plugin(Map.of()).authenticate(TestExchange.get("/x")), "no basic credentials found in request");
        assertUnauthorized(plugin(Map.of()).authenticate(TestExchange.get("/x").header("Authorization", "Bearer abc")),
                "no basic credentials found in request");
        assertThat(checks).hasValue(0);
    }

    @Test
    void rejectsMalformedCredentialsWithoutHashing() {
        for (String authorization : List.of("Basic", "Basic ", "Basic !!!", "Basic " + encode("no-colon"),
                "Basic " + encode("alice:"), "Basic " + Base64.getEncoder().encodeToString(new byte[] {'a', ':', (byte) 0xff}))) {
            Action action = plugin(Map.of()).authenticate(TestExchange.get("/x").header("Authorization", authorization));
            assertUnauthorized(action, "invalid authentication credentials");
        }
        assertThat(checks).hasValue(0);
    }

    @Test
    void rejectsTwoAuthorizationHeaders() {
        TestExchange exchange = login("alice:wonderland").header("Authorization", basic("alice:wonderland"));

        assertUnauthorized(plugin(Map.of()).authenticate(exchange), "invalid authentication credentials");
    }

    @Test
    void namesTheConfiguredRealm() {
        Action action = plugin(Map.of("realm", "Staff area")).authenticate(TestExchange.get("/x"));

        assertThat(((Action.Respond) action).headers()).containsEntry("WWW-Authenticate", "Basic realm=\"Staff area\"");
    }

    @Test
    void remembersASuccessfulCheck() throws Exception {
        Plugin plugin = plugin(Map.of());
        settled(plugin.authenticate(login("alice:wonderland")));
        TestExchange again = login("alice:wonderland");

        assertThat(plugin.authenticate(again)).isSameAs(Action.proceed()); // no wait
        assertThat(again.consumer()).isEqualTo(alice);
        assertThat(checks).hasValue(1);
    }

    @Test
    void neverRemembersAFailure() throws Exception {
        Plugin plugin = plugin(Map.of());
        settled(plugin.authenticate(login("alice:nope")));
        settled(plugin.authenticate(login("alice:nope")));

        assertThat(checks).hasValue(2);
    }

    @Test
    void checksAgainAfterFiveMinutes() throws Exception {
        Plugin plugin = plugin(Map.of());
        settled(plugin.authenticate(login("alice:wonderland")));
        clock.advance(VerifiedLogins.TTL.minusSeconds(1));
        settled(plugin.authenticate(login("alice:wonderland")));
        assertThat(checks).hasValue(1);

        clock.advance(Duration.ofSeconds(2));
        TestExchange exchange = login("alice:wonderland");
        assertThat(settled(plugin.authenticate(exchange))).isSameAs(Action.proceed());

        assertThat(checks).hasValue(2);
        assertThat(exchange.consumer()).isEqualTo(alice);
    }

    @Test
    void answers503WhenTheBlockingPoolIsFull() {
        context.blockingExecutor = task -> {
            throw new RejectedExecutionException("full");
        };

        Action action = plugin(Map.of("anonymous", "guest")).authenticate(login("alice:wonderland"));

        assertThat(action).isInstanceOf(Action.Respond.class);
        assertThat(((Action.Respond) action).status()).isEqualTo(503);
        assertThat(((Action.Respond) action).error()).isEqualTo("service_unavailable");
    }

    @Test
    void waitsForACheckOnAnotherThread() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            context.blockingExecutor = pool;
            TestExchange exchange = login("alice:wonderland");

            Action action = plugin(Map.of()).authenticate(exchange);

            assertThat(action).isInstanceOf(Action.Await.class);
            assertThat(settled(action)).isSameAs(Action.proceed());
            assertThat(exchange.consumer()).isEqualTo(alice);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void hidesBasicCredentialsButNotOtherSchemes() throws Exception {
        TestExchange basic = login("alice:wonderland");
        TestExchange bearer = TestExchange.get("/x").header("Authorization", "Bearer token");
        Plugin plugin = plugin(Map.of("hide_credentials", true, "anonymous", "guest"));

        settled(plugin.authenticate(basic));
        settled(plugin.authenticate(bearer));

        assertThat(basic.consumer()).isEqualTo(alice);
        assertThat(basic.requestHeaders().contains("Authorization")).isFalse();
        assertThat(bearer.requestHeaders().get("Authorization")).isEqualTo("Bearer token");
    }

    @Test
    void fallsBackToTheAnonymousConsumer() throws Exception {
        TestExchange wrong = login("alice:nope");
        TestExchange none = TestExchange.get("/x");
        Plugin plugin = plugin(Map.of("anonymous", "guest"));

        assertThat(settled(plugin.authenticate(wrong))).isSameAs(Action.proceed());
        assertThat(settled(plugin.authenticate(none))).isSameAs(Action.proceed());

        assertThat(wrong.consumer()).isEqualTo(guest);
        assertThat(wrong.authenticated()).isFalse();
        assertThat(none.consumer()).isEqualTo(guest);
    }

    @Test
    void leavesAnEarlierAuthenticationAloneWhenAnonymousIsConfigured() throws Exception {
        TestExchange exchange = login("alice:nope");
        Consumer other = new Consumer("other", List.of());
        exchange.authenticate(other, () -> "other-key");

        assertThat(settled(plugin(Map.of("anonymous", "guest")).authenticate(exchange))).isSameAs(Action.proceed());
        assertThat(exchange.consumer()).isEqualTo(other);
        assertThat(checks).hasValue(0);
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertUnauthorized(Action action, String message) {
        assertThat(action).isInstanceOf(Action.Respond.class);
        Action.Respond respond = (Action.Respond) action;
        assertThat(respond.status()).isEqualTo(401);
        assertThat(respond.message()).isEqualTo(message);
        assertThat(respond.headers()).containsExactly(Map.entry("WWW-Authenticate", CHALLENGE));
    }
}
