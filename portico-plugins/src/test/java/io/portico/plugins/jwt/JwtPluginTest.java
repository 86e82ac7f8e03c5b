package io.portico.plugins.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import io.portico.plugin.Action;
import io.portico.plugin.Consumer;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugin.testing.MutableClock;
import io.portico.plugin.testing.TestExchange;
import io.portico.plugin.testing.TestPluginContext;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The plugin against in-memory exchanges: credentials, algorithms, claims, places, anonymous, headers. */
class JwtPluginTest {

    private static final byte[] ALICE_SECRET = "alice-secret-0123456789abcdefghij".getBytes(StandardCharsets.UTF_8);
    private static final KeyPair BOB_RSA = TestTokens.rsa(2048);
    private static final KeyPair CAROL_ED = TestTokens.ed25519();
    private static final KeyPair DAVE_EC = TestTokens.ec("secp256r1");
    private static final Consumer ALICE = new Consumer("alice", List.of("gold"));
    private static final Consumer BOB = new Consumer("bob", List.of());
    private static final Consumer CAROL = new Consumer("carol", List.of());
    private static final Consumer DAVE = new Consumer("dave", List.of());
    private static final Consumer ERIN = new Consumer("erin", List.of());
    private static final Consumer GUEST = new Consumer("guest", List.of());

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final TestPluginContext context = new TestPluginContext();

    JwtPluginTest() {
        context.clock = clock;
        context.consumer(ALICE, new JwtCredential("alice-app", JWSAlgorithm.HS256,
                KeyMaterial.secret(JWSAlgorithm.HS256, ALICE_SECRET)));
        context.consumer(BOB, credential("bob-app", JWSAlgorithm.RS256, BOB_RSA));
        context.consumer(CAROL, credential("carol-app", JWSAlgorithm.EdDSA, CAROL_ED));
        context.consumer(DAVE, credential("dave-app", JWSAlgorithm.ES256, DAVE_EC));
        context.consumer(ERIN, credential("erin-app", JWSAlgorithm.PS256, BOB_RSA));
        context.consumer(GUEST);
    }

    private static JwtCredential credential(String key, JWSAlgorithm algorithm, KeyPair pair) {
        try {
            return new JwtCredential(key, algorithm, KeyMaterial.publicKey(algorithm, pair.getPublic()));
        } catch (KeyProblem e) {
            throw new IllegalStateException(e);
        }
    }

    private JwtPlugin plugin(Map<String, ?> config) {
        ConfigProbe<JwtConfig> probe = ConfigProbe.read(new JwtPluginType(), config, "guest");
        assertThat(probe.problems()).isEmpty();
        return (JwtPlugin) new JwtPluginType().create(probe.config(), context);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private String alice(String members) {
        return TestTokens.token(TestTokens.header("HS256"), "{\"iss\":\"alice-app\"," + members + "}",
                TestTokens.hmac(JWSAlgorithm.HS256, ALICE_SECRET));
    }

    private String aliceValidFor(long seconds) {
        return alice("\"sub\":\"a-1\",\"exp\":" + (now() + seconds));
    }

    private static TestExchange bearer(String token) {
        return TestExchange.get("/").header("Authorization", "Bearer " + token);
    }

    private static void assertRefused(Action action, String message) {
        assertThat(action).isInstanceOf(Action.Respond.class);
        Action.Respond respond = (Action.Respond) action;
        assertThat(respond.status()).isEqualTo(401);
        assertThat(respond.error()).isEqualTo("unauthorized");
        assertThat(respond.message()).isEqualTo(message);
        assertThat(respond.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"portico\", error=\"invalid_token\"");
    }

    @Test
    void acceptsHs256TokenAndNamesTheConsumer() {
        TestExchange exchange = bearer(aliceValidFor(60));

        Action action = plugin(Map.of()).authenticate(exchange);

        assertThat(action).isEqualTo(Action.proceed());
        assertThat(exchange.consumer()).isEqualTo(ALICE);
        assertThat(exchange.credential().identifier()).isEqualTo("alice-app");
        assertThat(exchange.authenticated()).isTrue();
    }

    @Test
    void acceptsRs256Ps256Es256AndEdDsaCredentials() {
        String exp = ",\"exp\":" + (now() + 60) + "}";
        String bob = TestTokens.token(TestTokens.header("RS256"), "{\"iss\":\"bob-app\"" + exp,
                TestTokens.rsa(JWSAlgorithm.RS256, BOB_RSA.getPrivate()));
        String carol = TestTokens.token(TestTokens.header("EdDSA"), "{\"iss\":\"carol-app\"" + exp,
                TestTokens.ed25519(CAROL_ED.getPrivate()));
        String dave = TestTokens.token(TestTokens.header("ES256"), "{\"iss\":\"dave-app\"" + exp,
                TestTokens.ecdsa(JWSAlgorithm.ES256, DAVE_EC.getPrivate()));
        String erin = TestTokens.token(TestTokens.header("PS256"), "{\"iss\":\"erin-app\"" + exp,
                TestTokens.rsa(JWSAlgorithm.PS256, BOB_RSA.getPrivate()));
        String erinAsRs256 = TestTokens.token(TestTokens.header("RS256"), "{\"iss\":\"erin-app\"" + exp,
                TestTokens.rsa(JWSAlgorithm.RS256, BOB_RSA.getPrivate()));
        JwtPlugin plugin = plugin(Map.of());

        assertRefused(plugin.authenticate(bearer(erinAsRs256)), "invalid token");
        for (Map.Entry<String, Consumer> expected : Map.of(bob, BOB, carol, CAROL, dave, DAVE, erin, ERIN).entrySet()) {
            TestExchange exchange = bearer(expected.getKey());
            assertThat(plugin.authenticate(exchange)).isEqualTo(Action.proceed());
            assertThat(exchange.consumer()).isEqualTo(expected.getValue());
        }
    }

    @Test
    void asksForABearerTokenWhenThereIsNone() {
        Action action = plugin(Map.of()).authenticate(TestExchange.get("/").header("Authorization", "Basic YTpi"));

        Action.Respond respond = (Action.Respond) action;
        assertThat(respond.status()).isEqualTo(401);
        assertThat(respond.message()).isEqualTo("no token found in request");
        assertThat(respond.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"portico\"");
    }

    @Test
    void refusesATokenWhoseAlgorithmDiffersFromTheCredentials() {
        String hs384 = TestTokens.token(TestTokens.header("HS384"),
                "{\"iss\":\"alice-app\",\"exp\":" + (now() + 60) + "}", TestTokens.hmac(JWSAlgorithm.HS384,
                        (new String(ALICE_SECRET, StandardCharsets.UTF_8) + "0123456789abcdef").getBytes(StandardCharsets.UTF_8)));

        assertRefused(plugin(Map.of()).authenticate(bearer(hs384)), "invalid token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
    void refusesAlgNoneInAnyCasing(String alg) {
        String payload = TestTokens.b64("{\"iss\":\"alice-app\",\"exp\":" + (now() + 60) + "}");
        String header = TestTokens.b64("{\"alg\":\"" + alg + "\"}");
        JwtPlugin plugin = plugin(Map.of());

        assertRefused(plugin.authenticate(bearer(header + "." + payload + ".")), "invalid token");
        assertRefused(plugin.authenticate(bearer(header + "." + payload + ".c2lnbmF0dXJl")), "invalid token");
    }

    @Test
    void refusesHs256SignedWithTheRsaPublicKey() {
        // The classic key-type confusion: a verifier that takes alg from the token would use the PEM as an HMAC secret.
        byte[] pem = TestTokens.pem(BOB_RSA.getPublic()).getBytes(StandardCharsets.US_ASCII);
        String forged = TestTokens.token(TestTokens.header("HS256"),
                "{\"iss\":\"bob-app\",\"exp\":" + (now() + 60) + "}", TestTokens.hmac(JWSAlgorithm.HS256, pem));

        assertRefused(plugin(Map.of()).authenticate(bearer(forged)), "invalid token");
    }

    @Test
    void appliesClockSkewToExpNbfAndIat() {
        JwtPlugin plugin = plugin(Map.of("clock_skew", "30s", "claims_to_verify", List.of("exp", "nbf")));
        long now = now();

        assertThat(plugin.authenticate(bearer(alice("\"exp\":" + (now - 20) + ",\"nbf\":" + (now - 60)))))
                .isEqualTo(Action.proceed());
        assertRefused(plugin.authenticate(bearer(alice("\"exp\":" + (now - 31) + ",\"nbf\":" + (now - 60)))),
                "token expired");
        assertThat(plugin.authenticate(bearer(alice("\"exp\":" + (now + 60) + ",\"nbf\":" + (now + 20)))))
                .isEqualTo(Action.proceed());
        assertRefused(plugin.authenticate(bearer(alice("\"exp\":" + (now + 600) + ",\"nbf\":" + (now + 31)))),
                "token not valid yet");
        assertRefused(plugin.authenticate(bearer(alice("\"exp\":" + (now + 600) + ",\"nbf\":" + now
                + ",\"iat\":" + (now + 31)))), "token issued in the future");
        assertRefused(plugin.authenticate(bearer(alice("\"exp\":" + (now + 600)))), "token lacks a required claim");
    }

    @Test
    void requiresExpByDefaultAndHonoursAPresentExpAlways() {
        assertRefused(plugin(Map.of()).authenticate(bearer(alice("\"sub\":\"x\""))), "token lacks a required claim");

        JwtPlugin nbfOnly = plugin(Map.of("claims_to_verify", List.of("nbf")));
        assertThat(nbfOnly.authenticate(bearer(alice("\"nbf\":" + now())))).isEqualTo(Action.proceed());
        assertRefused(nbfOnly.authenticate(bearer(alice("\"nbf\":" + now() + ",\"exp\":" + (now() - 3600)))),
                "token expired");
    }

    @Test
    void refusesTokensValidForLongerThanMaximumExpiration() {
        JwtPlugin plugin = plugin(Map.of("maximum_expiration", "1h"));

        assertThat(plugin.authenticate(bearer(aliceValidFor(3600)))).isEqualTo(Action.proceed());
        assertRefused(plugin.authenticate(bearer(aliceValidFor(3601))), "token valid for too long");
    }

    @Test
    void checksIssuerAndAudience() {
        JwtPlugin plugin = plugin(Map.of("issuer", "alice-app", "audience", List.of("api", "admin")));
        String exp = ",\"exp\":" + (now() + 60);

        assertThat(plugin.authenticate(bearer(alice("\"aud\":[\"other\",\"admin\"]" + exp)))).isEqualTo(Action.proceed());
        assertThat(plugin.authenticate(bearer(alice("\"aud\":\"api\"" + exp)))).isEqualTo(Action.proceed());
        assertRefused(plugin.authenticate(bearer(alice("\"aud\":\"other\"" + exp))), "token audience not accepted");
        assertRefused(plugin.authenticate(bearer(alice("\"sub\":\"x\"" + exp))), "token audience not accepted");
        JwtPlugin otherIssuer = plugin(Map.of("issuer", "https://idp.example"));
        assertRefused(otherIssuer.authenticate(bearer(aliceValidFor(60))), "token issuer not accepted");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"iss\":\"alice-app\",\"sub\":\"a\",\"sub\":\"admin\",\"exp\":%d}",
            "{\"iss\":\"alice-app\",\"s\\u0075b\":\"a\",\"sub\":\"admin\",\"exp\":%d}",
            "{\"iss\":\"alice-app\",\"exp\":%d,\"realm\":{\"roles\":[\"user\"],\"roles\":[\"admin\"]}}",
            "{\"iss\":\"alice-app\",\"exp\":%d,\"iss\":\"bob-app\"}"})
    void refusesDuplicateMemberNames(String payload) {
        String token = TestTokens.token(TestTokens.header("HS256"), String.format(payload, now() + 60),
                TestTokens.hmac(JWSAlgorithm.HS256, ALICE_SECRET));

        assertRefused(plugin(Map.of()).authenticate(bearer(token)), "invalid token");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"alg\":\"HS256\",\"crit\":[\"exp\"]}",
            "{\"alg\":\"HS256\",\"crit\":[\"x-unknown\"],\"x-unknown\":1}",
            "{\"alg\":\"HS256\",\"jku\":\"https://attacker.example/jwks\"}",
            "{\"alg\":\"HS256\",\"x5u\":\"https://attacker.example/cert.pem\"}",
            "{\"alg\":\"HS256\",\"b64\":false,\"crit\":[\"b64\"]}",
            "{\"alg\":\"HS256\",\"zip\":\"DEF\"}"})
    void refusesHeadersThatBringTheirOwnKeysOrExtensions(String header) {
        String token = TestTokens.token(header, "{\"iss\":\"alice-app\",\"exp\":" + (now() + 60) + "}",
                TestTokens.hmac(JWSAlgorithm.HS256, ALICE_SECRET));

        assertRefused(plugin(Map.of()).authenticate(bearer(token)), "invalid token");
    }

    @Test
    void refusesSeveralDifferentTokensButNotTheSameTokenTwice() {
        JwtPlugin plugin = plugin(Map.of("cookie_names", List.of("session")));
        String one = aliceValidFor(60);
        String other = aliceValidFor(61);

        assertRefused(plugin.authenticate(TestExchange.get("/?jwt=" + other).header("Authorization", "Bearer " + one)),
                "several different tokens in request");
        assertRefused(plugin.authenticate(bearer(one).header("Authorization", "Bearer " + other)),
                "several different tokens in request");
        assertRefused(plugin.authenticate(TestExchange.get("/?jwt=" + one + "&jwt=" + other)),
                "several different tokens in request");
        assertRefused(plugin.authenticate(bearer(one).header("Cookie", "a=b; session=" + other)),
                "several different tokens in request");
        assertThat(plugin.authenticate(TestExchange.get("/?jwt=" + one).header("Authorization", "bearer " + one)
                .header("Cookie", "session=" + one))).isEqualTo(Action.proceed());
    }

    @Test
    void refusesAnOversizedTokenBeforeParsingIt() {
        JwtPlugin plugin = plugin(Map.of("max_token_size", "1KB"));
        String big = alice("\"pad\":\"" + "x".repeat(1100) + "\",\"exp\":" + (now() + 60));

        assertRefused(plugin.authenticate(bearer(big)), "token too large");
        assertRefused(plugin.authenticate(bearer("x".repeat(2000))), "token too large");
    }

    @Test
    void neverEchoesTheTokenInAnAnswer() {
        String token = aliceValidFor(-3600);

        Action.Respond respond = (Action.Respond) plugin(Map.of()).authenticate(bearer(token));

        assertThat(respond.message()).doesNotContain(token);
        assertThat(respond.headers().toString()).doesNotContain(token);
    }

    @Test
    void fallsBackOnTheAnonymousConsumer() {
        JwtPlugin plugin = plugin(Map.of("anonymous", "guest"));

        TestExchange missing = TestExchange.get("/");
        assertThat(plugin.authenticate(missing)).isEqualTo(Action.proceed());
        assertThat(missing.consumer()).isEqualTo(GUEST);
        assertThat(missing.authenticated()).isFalse();

        TestExchange expired = bearer(aliceValidFor(-3600));
        assertThat(plugin.authenticate(expired)).isEqualTo(Action.proceed());
        assertThat(expired.consumer()).isEqualTo(GUEST);

        TestExchange valid = bearer(aliceValidFor(60));
        assertThat(plugin.authenticate(valid)).isEqualTo(Action.proceed());
        assertThat(valid.consumer()).isEqualTo(ALICE);
    }

    @Test
    void leavesACallerAnotherPluginAuthenticatedAlone() {
        TestExchange exchange = bearer("garbage");
        exchange.authenticate(BOB, new JwksIdentity("key-auth"));

        assertThat(plugin(Map.of("anonymous", "guest")).authenticate(exchange)).isEqualTo(Action.proceed());
        assertThat(exchange.consumer()).isEqualTo(BOB);
    }

    @Test
    void sendsClaimsUpstreamSafelyAndDropsWhatTheClientSent() {
        Map<String, Object> mapping = new LinkedHashMap<>();
        mapping.put("sub", "X-User-Id");
        mapping.put("name", "X-User-Name");
        mapping.put("level", "X-Level");
        mapping.put("roles", "X-Roles");
        mapping.put("email", "X-Email");
        JwtPlugin plugin = plugin(Map.of("claims_to_headers", mapping));
        String token = alice("\"sub\":\"a-1\",\"name\":\"Jos\u00e9\\r\\nX-Admin: true\",\"level\":3,"
                + "\"roles\":[\"a\",\"b\"],\"exp\":" + (now() + 60));
        TestExchange exchange = bearer(token).header("X-Email", "forged@example.com").header("X-User-Id", "admin");

        assertThat(plugin.authenticate(exchange)).isEqualTo(Action.proceed());

        assertThat(exchange.headers.getAll("X-User-Id")).containsExactly("a-1");
        assertThat(exchange.headers.get("X-User-Name")).isEqualTo("\"Jos\\u00e9\\r\\nX-Admin: true\"");
        assertThat(exchange.headers.get("X-Level")).isEqualTo("3");
        assertThat(exchange.headers.get("X-Roles")).isEqualTo("[\"a\",\"b\"]");
        assertThat(exchange.headers.contains("X-Email")).isFalse();
    }

    @Test
    void dropsClientCopiesOfClaimHeadersWhenFallingBackOnAnonymous() {
        JwtPlugin plugin = plugin(Map.of("anonymous", "guest", "claims_to_headers", Map.of("sub", "X-User-Id")));
        TestExchange exchange = TestExchange.get("/").header("X-User-Id", "admin");

        plugin.authenticate(exchange);

        assertThat(exchange.headers.contains("X-User-Id")).isFalse();
    }

    @Test
    void hidesTheTokenFromTheUpstreamWhenAsked() {
        JwtPlugin plugin = plugin(Map.of("hide_credentials", true, "cookie_names", List.of("session")));
        String token = aliceValidFor(60);
        TestExchange exchange = TestExchange.get("/?a=1&jwt=" + token + "&b=2").header("Authorization", "Bearer " + token)
                .header("Cookie", "theme=dark; session=" + token + "; lang=en");

        assertThat(plugin.authenticate(exchange)).isEqualTo(Action.proceed());

        assertThat(exchange.headers.contains("Authorization")).isFalse();
        assertThat(exchange.query).isEqualTo("a=1&b=2");
        assertThat(exchange.headers.getAll("Cookie")).containsExactly("theme=dark; lang=en");
    }

    @Test
    void keepsTheTokenForTheUpstreamByDefault() {
        String token = aliceValidFor(60);
        TestExchange exchange = bearer(token);

        plugin(Map.of()).authenticate(exchange);

        assertThat(exchange.headers.get("Authorization")).isEqualTo("Bearer " + token);
    }

    @Test
    void servesARepeatedTokenFromTheCacheOnlyUntilItExpires() {
        JwtPlugin plugin = plugin(Map.of("clock_skew", "0s"));
        String token = aliceValidFor(60);

        assertThat(plugin.authenticate(bearer(token))).isEqualTo(Action.proceed());
        assertThat(plugin.cachedTokens()).isEqualTo(1);
        assertThat(plugin.authenticate(bearer(token))).isEqualTo(Action.proceed());
        assertThat(plugin.cachedTokens()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(60));
        assertRefused(plugin.authenticate(bearer(token)), "token expired");
    }

    @Test
    void doesNotCacheRefusedTokens() {
        JwtPlugin plugin = plugin(Map.of());

        plugin.authenticate(bearer(aliceValidFor(-3600)));
        plugin.authenticate(bearer("a.b.c"));

        assertThat(plugin.cachedTokens()).isZero();
    }

    @Test
    void findsTheCredentialByAHeaderParameterWhenTheClaimIsNotInThePayload() {
        String token = TestTokens.token("{\"alg\":\"HS256\",\"kid\":\"alice-app\"}", "{\"exp\":" + (now() + 60) + "}",
                TestTokens.hmac(JWSAlgorithm.HS256, ALICE_SECRET));
        TestExchange exchange = bearer(token);

        assertThat(plugin(Map.of("key_claim_name", "kid")).authenticate(exchange)).isEqualTo(Action.proceed());
        assertThat(exchange.consumer()).isEqualTo(ALICE);
    }

    @Test
    void refusesATokenForAKeyNobodyHas() {
        String token = TestTokens.token(TestTokens.header("HS256"), "{\"iss\":\"mallory-app\",\"exp\":" + (now() + 60) + "}",
                TestTokens.hmac(JWSAlgorithm.HS256, ALICE_SECRET));

        assertRefused(plugin(Map.of()).authenticate(bearer(token)), "invalid token");
    }

    @Test
    void refusesTamperedTokens() {
        String token = aliceValidFor(60);
        String[] parts = token.split("\\.");
        String tamperedPayload = parts[0] + "." + TestTokens.b64("{\"iss\":\"alice-app\",\"sub\":\"admin\",\"exp\":"
                + (now() + 60) + "}") + "." + parts[2];
        char last = parts[2].charAt(0);
        String tamperedSignature = parts[0] + "." + parts[1] + "." + (last == 'A' ? 'B' : 'A') + parts[2].substring(1);
        JwtPlugin plugin = plugin(Map.of());

        assertRefused(plugin.authenticate(bearer(tamperedPayload)), "invalid token");
        assertRefused(plugin.authenticate(bearer(tamperedSignature)), "invalid token");
        assertRefused(plugin.authenticate(bearer(parts[0] + "." + parts[1] + "." + parts[2].substring(0, 20))),
                "invalid token");
        assertRefused(plugin.authenticate(bearer(token + "!")), "invalid token");
        assertRefused(plugin.authenticate(bearer(token + ".x.y")), "invalid token");
    }
}
