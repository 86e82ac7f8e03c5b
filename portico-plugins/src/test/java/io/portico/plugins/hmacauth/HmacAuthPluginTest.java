package io.portico.plugins.hmacauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.Action;
import io.portico.plugin.Consumer;
import io.portico.plugin.Plugin;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugin.testing.TestExchange;
import io.portico.plugin.testing.TestPluginContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class HmacAuthPluginTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final String SECRET = "alice-shared-secret";
    private static final Consumer ALICE = new Consumer("alice", List.of("gold"));
    private static final Consumer GUEST = new Consumer("guest", List.of());
    private static final HmacCredential ALICE_HMAC = new HmacCredential("alice-hmac", SECRET);

    private final HmacAuthPluginType type = new HmacAuthPluginType();

    private Plugin plugin(Map<String, ?> config) {
        ConfigProbe<HmacAuthConfig> probe = ConfigProbe.read(type, config, "guest");
        assertThat(probe.problems()).isEmpty();
        TestPluginContext context = new TestPluginContext().consumer(ALICE, ALICE_HMAC).consumer(GUEST);
        context.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return type.create(probe.config(), context);
    }

    private static String httpDate(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    /** Signs as a client would, independently of the plugin's code. */
    private static String sign(String jcaAlgorithm, String secret, String signingString) throws Exception {
        Mac mac = Mac.getInstance(jcaAlgorithm);
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), jcaAlgorithm));
        return Base64.getEncoder().encodeToString(mac.doFinal(signingString.getBytes(StandardCharsets.UTF_8)));
    }

    private static String authorization(String username, String algorithm, String headers, String signature) {
        return "hmac username=\"" + username + "\", algorithm=\"" + algorithm + "\", headers=\"" + headers
                + "\", signature=\"" + signature + "\"";
    }

    /** A GET /orders?page=2 with Date, signed over date and the request line. */
    private static TestExchange signedRequest(Instant date, String secret) throws Exception {
        TestExchange exchange = TestExchange.get("/orders?page=2");
        String dateValue = httpDate(date);
        exchange.header("Date", dateValue);
        String signature = sign("HmacSHA256", secret, "date: " + dateValue + "\nGET /orders?page=2 HTTP/1.1");
        exchange.header("Authorization", authorization("alice-hmac", "hmac-sha256", "date request-line", signature));
        return exchange;
    }

    private static void assertUnauthorized(Action action, String message) {
        assertThat(action).isInstanceOf(Action.Respond.class);
        Action.Respond respond = (Action.Respond) action;
        assertThat(respond.status()).isEqualTo(401);
        assertThat(respond.headers()).containsEntry("WWW-Authenticate", "hmac realm=\"portico\"");
        assertThat(respond.message()).isEqualTo(message);
    }

    @Test
    void authenticatesAValidSignature() throws Exception {
        TestExchange exchange = signedRequest(NOW, SECRET);

        Action action = plugin(Map.of()).authenticate(exchange);

        assertThat(action).isEqualTo(Action.proceed());
        assertThat(exchange.consumer()).isEqualTo(ALICE);
        assertThat(exchange.credential()).isEqualTo(ALICE_HMAC);
        assertThat(exchange.credential().identifier()).isEqualTo("alice-hmac");
        assertThat(exchange.requestHeaders().get("Authorization")).startsWith("hmac ");
    }

    @Test
    void removesTheAuthorizationHeaderWhenHidingCredentials() throws Exception {
        TestExchange exchange = signedRequest(NOW, SECRET);

        assertThat(plugin(Map.of("hide_credentials", true)).authenticate(exchange)).isEqualTo(Action.proceed());

        assertThat(exchange.requestHeaders().contains("Authorization")).isFalse();
    }

    @Test
    void rejectsASignatureMadeWithAnotherSecret() throws Exception {
        TestExchange exchange = signedRequest(NOW, "not-the-secret");

        assertUnauthorized(plugin(Map.of()).authenticate(exchange), "invalid authentication credentials");
        assertThat(exchange.consumer()).isNull();
    }

    @Test
    void rejectsAnUnknownUsernameLikeAWrongSignature() throws Exception {
        TestExchange exchange = signedRequest(NOW, SECRET);
        exchange.headers.set("Authorization", exchange.headers.get("Authorization").replace("alice-hmac", "mallory"));

        assertUnauthorized(plugin(Map.of()).authenticate(exchange), "invalid authentication credentials");
    }

    @Test
    void rejectsARequestLineOtherThanTheSignedOne() throws Exception {
        TestExchange exchange = signedRequest(NOW, SECRET);
        exchange.query = "page=3";

        assertUnauthorized(plugin(Map.of()).authenticate(exchange), "invalid authentication credentials");
    }

    @Test
    void rejectsASignatureThatIsNotBase64() throws Exception {
        TestExchange exchange = signedRequest(NOW, SECRET);
        exchange.headers.set("Authorization", authorization("alice-hmac", "hmac-sha256", "date request-line", "%%%"));

        assertUnauthorized(plugin(Map.of()).authenticate(exchange), "invalid authentication credentials");
    }

    @Test
    void challengesARequestWithoutASignature() {
        assertUnauthorized(plugin(Map.of()).authenticate(TestExchange.get("/orders")),
                "no hmac signature found in request");
        assertUnauthorized(plugin(Map.of()).authenticate(TestExchange.get("/").header("Authorization", "Bearer abc")),
                "no hmac signature found in request");
    }

    @Test
    void rejectsMalformedOrRepeatedAuthorization() throws Exception {
        assertUnauthorized(plugin(Map.of()).authenticate(TestExchange.get("/").header("Authorization", "hmac nonsense")),
                "malformed hmac authorization header");
        TestExchange twice = signedRequest(NOW, SECRET);
        twice.header("Authorization", twice.headers.get("Authorization"));
        assertUnauthorized(plugin(Map.of()).authenticate(twice), "malformed hmac authorization header");
        TestExchange others = TestExchange.get("/").header("Authorization", "Basic YTpi").header("Authorization", "Bearer x");
        assertUnauthorized(plugin(Map.of()).authenticate(others), "no hmac signature found in request");
    }

    @Test
    void refusesHmacSha1UnlessListed() throws Exception {
        TestExchange exchange = TestExchange.get("/orders?page=2");
        String date = httpDate(NOW);
        exchange.header("Date", date).header("Authorization", authorization("alice-hmac", "hmac-sha1", "date",
                sign("HmacSHA1", SECRET, "date: " + date)));

        assertUnauthorized(plugin(Map.of()).authenticate(exchange), "hmac algorithm not allowed");
        assertThat(plugin(Map.of("algorithms", List.of("hmac-sha1"))).authenticate(exchange)).isEqualTo(Action.proceed());
        assertThat(exchange.consumer()).isEqualTo(ALICE);
    }

    @Test
    void verifiesSha384AndSha512() throws Exception {
        for (String[] algorithm : new String[][] {{"hmac-sha384", "HmacSHA384"}, {"hmac-sha512", "HmacSHA512"}}) {
            TestExchange exchange = TestExchange.get("/");
            String date = httpDate(NOW);
            exchange.header("Date", date).header("Authorization", authorization("alice-hmac", algorithm[0], "date",
                    sign(algorithm[1], SECRET, "date: " + date)));

            assertThat(plugin(Map.of()).authenticate(exchange)).isEqualTo(Action.proceed());
        }
    }

    @Test
    void rejectsAnUnknownAlgorithm() throws Exception {
        TestExchange exchange = signedRequest(NOW, SECRET);
        exchange.headers.set("Authorization", exchange.headers.get("Authorization").replace("hmac-sha256", "hmac-md5"));

        assertUnauthorized(plugin(Map.of()).authenticate(exchange), "hmac algorithm not allowed");
    }

    @Test
    void acceptsDatesWithinTheClockSkewEitherWay() throws Exception {
        Plugin plugin = plugin(Map.of("clock_skew", "30s"));

        assertThat(plugin.authenticate(signedRequest(NOW.minusSeconds(30), SECRET))).isEqualTo(Action.proceed());
        assertThat(plugin.authenticate(signedRequest(NOW.plusSeconds(30), SECRET))).isEqualTo(Action.proceed());
    }

    @Test
    void rejectsDatesOutsideTheClockSkew() throws Exception {
        Plugin plugin = plugin(Map.of("clock_skew", "30s"));

        assertUnauthorized(plugin.authenticate(signedRequest(NOW.minusSeconds(31), SECRET)),
                "the request date is outside the allowed clock skew");
        assertUnauthorized(plugin.authenticate(signedRequest(NOW.plusSeconds(31), SECRET)),
                "the request date is outside the allowed clock skew");
        assertUnauthorized(plugin(Map.of()).authenticate(signedRequest(NOW.minusSeconds(301), SECRET)),
                "the request date is outside the allowed clock skew");
    }

    @Test
    void requiresADate() throws Exception {
        TestExchange exchange = TestExchange.get("/");
        exchange.header("Authorization", authorization("alice-hmac", "hmac-sha256", "request-line",
                sign("HmacSHA256", SECRET, "GET / HTTP/1.1")));

        assertUnauthorized(plugin(Map.of()).authenticate(exchange), "a valid Date or X-Date header is required");
    }

    @Test
    void rejectsAnUnparsableDate() throws Exception {
        TestExchange exchange = TestExchange.get("/");
        exchange.header("Date", "yesterday").header("Authorization", authorization("alice-hmac", "hmac-sha256",
                "date", sign("HmacSHA256", SECRET, "date: yesterday")));

        assertUnauthorized(plugin(Map.of()).authenticate(exchange), "a valid Date or X-Date header is required");
    }

    @Test
    void requiresTheDateToBeSigned() throws Exception {
        TestExchange exchange = TestExchange.get("/");
        exchange.header("Date", httpDate(NOW)).header("Authorization", authorization("alice-hmac", "hmac-sha256",
                "request-line", sign("HmacSHA256", SECRET, "GET / HTTP/1.1")));

        assertUnauthorized(plugin(Map.of()).authenticate(exchange), "the signature must cover the Date or X-Date header");
    }

    @Test
    void prefersXDateAndRequiresItSigned() throws Exception {
        String xDate = httpDate(NOW);
        TestExchange exchange = TestExchange.get("/");
        exchange.header("X-Date", xDate).header("Date", httpDate(NOW.minusSeconds(3600)))
                .header("Authorization", authorization("alice-hmac", "hmac-sha256", "x-date",
                        sign("HmacSHA256", SECRET, "x-date: " + xDate)));

        assertThat(plugin(Map.of()).authenticate(exchange)).isEqualTo(Action.proceed());

        TestExchange dateSigned = TestExchange.get("/");
        String date = httpDate(NOW);
        dateSigned.header("X-Date", date).header("Date", date).header("Authorization", authorization("alice-hmac",
                "hmac-sha256", "date", sign("HmacSHA256", SECRET, "date: " + date)));
        assertUnauthorized(plugin(Map.of()).authenticate(dateSigned), "the signature must cover the Date or X-Date header");
    }

    @Test
    void enforcesConfiguredSignedHeaders() throws Exception {
        Plugin plugin = plugin(Map.of("enforce_headers", List.of("date", "request-line", "digest")));

        assertUnauthorized(plugin.authenticate(signedRequest(NOW, SECRET)),
                "the signature must cover the headers: date, request-line, digest");

        TestExchange exchange = TestExchange.get("/orders?page=2");
        String date = httpDate(NOW);
        exchange.header("Date", date).header("Digest", "SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
        String signature = sign("HmacSHA256", SECRET, "date: " + date + "\nGET /orders?page=2 HTTP/1.1\n"
                + "digest: SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
        exchange.header("Authorization", authorization("alice-hmac", "hmac-sha256", "date request-line digest", signature));
        assertThat(plugin.authenticate(exchange)).isEqualTo(Action.proceed());
    }

    @Test
    void rejectsASignedHeaderThatIsNotInTheRequest() throws Exception {
        TestExchange exchange = TestExchange.get("/");
        String date = httpDate(NOW);
        exchange.header("Date", date).header("Authorization", authorization("alice-hmac", "hmac-sha256",
                "date digest", sign("HmacSHA256", SECRET, "date: " + date + "\ndigest: ")));

        assertUnauthorized(plugin(Map.of()).authenticate(exchange), "a signed header is missing from the request");
    }

    @Test
    void fallsBackToTheAnonymousConsumerWithoutOrWithABadSignature() throws Exception {
        Plugin plugin = plugin(Map.of("anonymous", "guest"));

        TestExchange unsigned = TestExchange.get("/");
        assertThat(plugin.authenticate(unsigned)).isEqualTo(Action.proceed());
        assertThat(unsigned.consumer()).isEqualTo(GUEST);
        assertThat(unsigned.authenticated()).isFalse();

        TestExchange badlySigned = signedRequest(NOW, "wrong");
        assertThat(plugin.authenticate(badlySigned)).isEqualTo(Action.proceed());
        assertThat(badlySigned.consumer()).isEqualTo(GUEST);
    }

    @Test
    void leavesAnEarlierAuthenticationAloneWhenAnonymousIsConfigured() {
        Consumer bob = new Consumer("bob", List.of());
        TestExchange exchange = TestExchange.get("/");
        exchange.authenticate(bob, () -> "bob-key");

        assertThat(plugin(Map.of("anonymous", "guest")).authenticate(exchange)).isEqualTo(Action.proceed());
        assertThat(exchange.consumer()).isEqualTo(bob);
    }

    @Test
    void requiresItsOwnSignatureWithoutAnonymousEvenAfterAnotherPlugin() {
        TestExchange exchange = TestExchange.get("/");
        exchange.authenticate(new Consumer("bob", List.of()), () -> "bob-key");

        assertUnauthorized(plugin(Map.of()).authenticate(exchange), "no hmac signature found in request");
    }

    @Test
    void neverRepeatsTheClientsValuesInMessages() throws Exception {
        TestExchange exchange = signedRequest(NOW, "wrong");
        String authorization = exchange.headers.get("Authorization");
        String signature = authorization.substring(authorization.indexOf("signature=\"") + 11, authorization.length() - 1);

        Action.Respond respond = (Action.Respond) plugin(Map.of()).authenticate(exchange);

        assertThat(respond.message()).doesNotContain("alice-hmac").doesNotContain(signature);
    }

    @Test
    void findsTheCredentialAmongSeveral() throws Exception {
        TestPluginContext context = new TestPluginContext()
                .consumer(new Consumer("bob", List.of()), new HmacCredential("bob-hmac", "bob-secret"))
                .consumer(ALICE, ALICE_HMAC);
        context.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Plugin plugin = type.create(ConfigProbe.read(type, Map.of()).config(), context);
        TestExchange exchange = signedRequest(NOW, SECRET);

        assertThat(plugin.authenticate(exchange)).isEqualTo(Action.proceed());
        assertThat(exchange.consumer()).isEqualTo(ALICE);
    }
}
