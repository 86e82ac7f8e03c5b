package io.portico.plugins.oauth2introspection;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.Action;
import io.portico.plugin.Consumer;
import io.portico.plugin.testing.Awaits;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugin.testing.MutableClock;
import io.portico.plugin.testing.TestExchange;
import io.portico.plugin.testing.TestPluginContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OAuth2IntrospectionPluginTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Consumer ALICE = new Consumer("alice", List.of("gold"));
    private static final Consumer MOBILE = new Consumer("mobile-app", List.of());
    private static final Consumer GUEST = new Consumer("guest", List.of());

    private final MutableClock clock = new MutableClock(NOW);
    private final List<CompletableFuture<Introspection>> calls = new ArrayList<>();
    private final TestPluginContext context = new TestPluginContext().consumer(ALICE).consumer(MOBILE).consumer(GUEST);

    OAuth2IntrospectionPluginTest() {
        context.clock = clock;
    }

    private OAuth2IntrospectionPlugin plugin(Map<String, Object> extra) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("introspection_url", "https://auth.example.com/introspect");
        values.put("client_id", "portico");
        values.put("client_secret", "secret");
        values.putAll(extra);
        ConfigProbe<OAuth2IntrospectionConfig> probe = ConfigProbe.read(new OAuth2IntrospectionPluginType(), values,
                "guest", "alice", "mobile-app");
        assertThat(probe.problems()).isEmpty();
        OAuth2IntrospectionConfig config = probe.config();
        TokenIntrospector introspector = new TokenIntrospector(token -> {
            CompletableFuture<Introspection> call = new CompletableFuture<>();
            calls.add(call);
            return call;
        }, clock, config.ttl());
        return new OAuth2IntrospectionPlugin(config, introspector,
                config.anonymous() == null ? null : context.consumer(config.anonymous()), context);
    }

    private static TestExchange withToken(String token) {
        return TestExchange.get("/orders").header("Authorization", "Bearer " + token);
    }

    private static Introspection active(String scope, String username, String clientId, Map<String, String> headers) {
        return new Introspection(true, NOW.plusSeconds(3600).toEpochMilli(), Long.MIN_VALUE,
                scope == null ? Set.of() : Set.of(scope.split(" ")), username, clientId, headers);
    }

    /** Runs authenticate, lets the test answer the call, then settles the wait: what the chain does. */
    private Action run(OAuth2IntrospectionPlugin plugin, TestExchange exchange, Introspection answer) {
        Action action = plugin.authenticate(exchange);
        if (action instanceof Action.Await) {
            calls.get(calls.size() - 1).complete(answer);
        }
        return settle(action);
    }

    private static Action settle(Action action) {
        try {
            return Awaits.settle(action);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Action.Respond respond(Action action, int status) {
        assertThat(action).isInstanceOf(Action.Respond.class);
        Action.Respond respond = (Action.Respond) action;
        assertThat(respond.status()).isEqualTo(status);
        return respond;
    }

    @Test
    void waitsForTheCallThenIdentifiesTheConsumer() {
        OAuth2IntrospectionPlugin plugin = plugin(Map.of("consumer_by", "username"));
        TestExchange exchange = withToken("tok-1");

        Action action = plugin.authenticate(exchange);

        assertThat(action).isInstanceOf(Action.Await.class);
        assertThat(exchange.consumer()).isNull();
        calls.get(0).complete(active(null, "alice", "mobile-app", Map.of()));
        assertThat(settle(action)).isEqualTo(Action.proceed());
        assertThat(exchange.consumer()).isEqualTo(ALICE);
        assertThat(exchange.credential()).isEqualTo(new TokenCredential("mobile-app"));
    }

    @Test
    void findsTheConsumerByClientId() {
        TestExchange exchange = withToken("tok-1");

        assertThat(run(plugin(Map.of("consumer_by", "client_id")), exchange, active(null, "alice", "mobile-app", Map.of())))
                .isEqualTo(Action.proceed());
        assertThat(exchange.consumer()).isEqualTo(MOBILE);
    }

    @Test
    void answersFromTheCacheWithoutWaiting() {
        OAuth2IntrospectionPlugin plugin = plugin(Map.of("consumer_by", "username"));
        run(plugin, withToken("tok-1"), active(null, "alice", null, Map.of()));

        TestExchange again = withToken("tok-1");
        assertThat(plugin.authenticate(again)).isEqualTo(Action.proceed());
        assertThat(again.consumer()).isEqualTo(ALICE);
        assertThat(again.credential().identifier()).isEqualTo("oauth2");
        assertThat(calls).hasSize(1);
    }

    @Test
    void proceedsWithoutAConsumerWhenNoneMatches() {
        TestExchange exchange = withToken("tok-1");

        assertThat(run(plugin(Map.of("consumer_by", "username")), exchange, active(null, "stranger", null, Map.of())))
                .isEqualTo(Action.proceed());
        assertThat(exchange.consumer()).isNull();
    }

    @Test
    void rejectsATokenWithoutAConsumerWhenOneIsRequired() {
        Action action = run(plugin(Map.of("consumer_by", "username", "require_consumer", true)), withToken("tok-1"),
                active(null, "stranger", null, Map.of()));

        Action.Respond respond = respond(action, 401);
        assertThat(respond.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"portico\", error=\"invalid_token\"");
        assertThat(respond.message()).isEqualTo("the token does not belong to a known consumer");
    }

    @Test
    void rejectsAnInactiveToken() {
        Action.Respond respond = respond(run(plugin(Map.of()), withToken("tok-1"), Introspection.INACTIVE), 401);

        assertThat(respond.error()).isEqualTo("unauthorized");
        assertThat(respond.message()).isEqualTo("invalid or expired token");
        assertThat(respond.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"portico\", error=\"invalid_token\"");
    }

    @Test
    void rejectsACachedTokenOnceItsExpiryPasses() {
        OAuth2IntrospectionPlugin plugin = plugin(Map.of());
        Introspection shortLived = new Introspection(true, NOW.plusSeconds(2).toEpochMilli(), Long.MIN_VALUE, Set.of(),
                null, null, Map.of());
        assertThat(run(plugin, withToken("tok-1"), shortLived)).isEqualTo(Action.proceed());

        clock.advance(Duration.ofSeconds(2));
        // The server, asked again, still says active with the same exp: Portico checks exp itself.
        respond(run(plugin, withToken("tok-1"), shortLived), 401);
        assertThat(calls).hasSize(2);
    }

    @Test
    void challengesARequestWithoutAToken() {
        OAuth2IntrospectionPlugin plugin = plugin(Map.of());
        TestExchange exchange = TestExchange.get("/orders").header("Authorization", "Basic YTpi");

        Action.Respond respond = respond(plugin.authenticate(exchange), 401);

        assertThat(respond.message()).isEqualTo("no bearer token found in request");
        assertThat(respond.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"portico\"");
        assertThat(calls).isEmpty();
    }

    @Test
    void rejectsAMalformedTokenWithoutCallingTheServer() {
        OAuth2IntrospectionPlugin plugin = plugin(Map.of());
        TestExchange exchange = TestExchange.get("/").header("Authorization", "Bearer a b");

        Action.Respond respond = respond(plugin.authenticate(exchange), 401);

        assertThat(respond.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"portico\", error=\"invalid_request\"");
        assertThat(calls).isEmpty();
    }

    @Test
    void answers503WhenTheServerCannotTellAndTriesAgainNextTime() {
        OAuth2IntrospectionPlugin plugin = plugin(Map.of("anonymous", "guest"));
        TestExchange exchange = withToken("tok-1");
        Action action = plugin.authenticate(exchange);
        assertThat(action).isInstanceOf(Action.Await.class);
        calls.get(0).completeExceptionally(new IntrospectionFailure("the introspection endpoint answered 500"));

        Action.Respond respond = respond(settle(action), 503);

        assertThat(respond.error()).isEqualTo("introspection_unavailable");
        assertThat(exchange.consumer()).isNull();
        assertThat(plugin.authenticate(withToken("tok-1"))).isInstanceOf(Action.Await.class);
        assertThat(calls).hasSize(2);
    }

    @Test
    void requiresEveryConfiguredScope() {
        OAuth2IntrospectionPlugin plugin = plugin(Map.of("scopes_required", List.of("orders:read", "orders:write")));

        Action.Respond respond = respond(run(plugin, withToken("tok-1"), active("orders:read profile", null, null, Map.of())), 403);
        assertThat(respond.error()).isEqualTo("insufficient_scope");
        assertThat(respond.headers()).containsEntry("WWW-Authenticate",
                "Bearer realm=\"portico\", error=\"insufficient_scope\", scope=\"orders:read orders:write\"");

        assertThat(run(plugin, withToken("tok-2"), active("orders:write orders:read", null, null, Map.of())))
                .isEqualTo(Action.proceed());
    }

    @Test
    void sendsClaimsUpstreamAndDropsTheClientsCopies() {
        OAuth2IntrospectionPlugin plugin = plugin(Map.of("claims_to_headers", Map.of("sub", "X-Credential-Sub",
                "email", "X-Credential-Email")));
        TestExchange exchange = withToken("tok-1").header("X-Credential-Sub", "forged").header("x-credential-email", "forged");

        assertThat(run(plugin, exchange, active(null, null, null, Map.of("X-Credential-Sub", "u-1")))).isEqualTo(Action.proceed());

        assertThat(exchange.requestHeaders().getAll("X-Credential-Sub")).containsExactly("u-1");
        assertThat(exchange.requestHeaders().contains("X-Credential-Email")).isFalse();
        assertThat(exchange.requestHeaders().get("Authorization")).isEqualTo("Bearer tok-1");
    }

    @Test
    void removesTheTokenWhenHidingCredentials() {
        TestExchange exchange = withToken("tok-1");

        assertThat(run(plugin(Map.of("hide_credentials", true)), exchange, active(null, null, null, Map.of())))
                .isEqualTo(Action.proceed());

        assertThat(exchange.requestHeaders().contains("Authorization")).isFalse();
    }

    @Test
    void fallsBackToAnonymousForMissingOrInvalidTokens() {
        OAuth2IntrospectionPlugin plugin = plugin(Map.of("anonymous", "guest"));

        TestExchange missing = TestExchange.get("/");
        assertThat(plugin.authenticate(missing)).isEqualTo(Action.proceed());
        assertThat(missing.consumer()).isEqualTo(GUEST);

        TestExchange inactive = withToken("bad");
        assertThat(run(plugin, inactive, Introspection.INACTIVE)).isEqualTo(Action.proceed());
        assertThat(inactive.consumer()).isEqualTo(GUEST);
        assertThat(inactive.authenticated()).isFalse();
    }

    @Test
    void leavesAnEarlierAuthenticationAloneWhenAnonymousIsConfigured() {
        OAuth2IntrospectionPlugin plugin = plugin(Map.of("anonymous", "guest", "claims_to_headers", Map.of("sub", "X-Sub")));
        TestExchange exchange = TestExchange.get("/").header("X-Sub", "forged");
        exchange.authenticate(ALICE, () -> "alice-key");

        assertThat(plugin.authenticate(exchange)).isEqualTo(Action.proceed());

        assertThat(exchange.consumer()).isEqualTo(ALICE);
        assertThat(exchange.requestHeaders().contains("X-Sub")).isFalse();
    }
}
