package io.portico.plugins.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import io.portico.plugin.PluginRegistry;
import io.portico.server.GatewayFixture;
import io.portico.testing.RawHttpClient;
import io.portico.testing.RawResponse;
import io.portico.testing.RecordedRequest;
import io.portico.testing.TestOrigin;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The issue's battery of hostile tokens against a real gateway: every one is answered 401 with a
 * Bearer challenge, the origin receives none of them, and the attacker's server named in jku/x5u
 * receives no request at all. Valid tokens of every kind pass, naming the right consumer.
 */
class JwtAttackIT {

    private static final String ALICE_SECRET = "alice-secret-0123456789abcdefghij";
    private static final KeyPair BOB_RSA = TestTokens.rsa(2048);
    private static final KeyPair CAROL_ED = TestTokens.ed25519();
    private static final KeyPair IDP_EC = TestTokens.ec("secp256r1");
    private static final KeyPair IDP_RSA = TestTokens.rsa(2048);
    private static final KeyPair ATTACKER_RSA = TestTokens.rsa(2048);
    private static final String IDP_ISSUER = "https://idp.example";

    private static final String CONFIG = """
            version: 1
            proxy:
              listen: ["127.0.0.1:0"]
              limits: {max_header_size: 64KB}
            services:
              - {name: echo, url: "http://${ORIGIN}"}
            routes:
              - name: credentials
                paths: ["/cred"]
                service: echo
                plugins:
                  - name: jwt
                    config:
                      claims_to_headers: {sub: X-User-Id}
              - name: idp
                paths: ["/idp"]
                service: echo
                plugins:
                  - name: jwt
                    config:
                      jwks_uri: "${JWKS}"
                      issuer: "https://idp.example"
                      audience: [portico-api]
                      consumer_claim: sub
                      claims_to_headers: {email: X-User-Email}
            consumers:
              - username: alice
                groups: [gold]
                credentials:
                  jwt: [{key: alice-app, algorithm: HS256, secret: "${ALICE_SECRET}"}]
              - username: bob
                credentials:
                  jwt: [{key: bob-app, algorithm: RS256, public_key: "${BOB_PEM}"}]
              - username: carol
                credentials:
                  jwt: [{key: carol-app, algorithm: EdDSA, public_key: "${CAROL_PEM}"}]
              - username: dave
            """;

    private static TestOrigin origin;
    private static TestKeyServer keys;
    private static GatewayFixture portico;

    @BeforeAll
    static void start() throws Exception {
        origin = TestOrigin.start();
        keys = TestKeyServer.start();
        keys.serve(TestTokens.ecJwk(IDP_EC, "idp-ec"), TestTokens.rsaJwk(IDP_RSA, "idp-rsa"));
        portico = GatewayFixture.start(CONFIG, Map.of(
                "ORIGIN", "127.0.0.1:" + origin.port(),
                "JWKS", keys.jwksUri(),
                "ALICE_SECRET", ALICE_SECRET,
                "BOB_PEM", TestTokens.pem(BOB_RSA.getPublic()),
                "CAROL_PEM", TestTokens.pem(CAROL_ED.getPublic())), PluginRegistry.discover());
    }

    @AfterAll
    static void stop() {
        portico.close();
        keys.close();
        origin.close();
    }

    @BeforeEach
    void forgetRequests() {
        origin.clearRequests();
    }

    @AfterEach
    void attackerServerWasNeverCalled() {
        assertThat(keys.recorded()).isEmpty();
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static String alice(String header, String payload) {
        return TestTokens.token(header, payload, TestTokens.hmac(JWSAlgorithm.HS256,
                ALICE_SECRET.getBytes(StandardCharsets.UTF_8)));
    }

    private static String alice(String members) {
        return alice(TestTokens.header("HS256"), "{\"iss\":\"alice-app\"," + members + "}");
    }

    private static String idp(String kid, String members) {
        return TestTokens.token(TestTokens.header("ES256", kid), "{\"iss\":\"" + IDP_ISSUER + "\",\"aud\":\"portico-api\","
                + members + "}", TestTokens.ecdsa(JWSAlgorithm.ES256, IDP_EC.getPrivate()));
    }

    private static String exp() {
        return "\"exp\":" + (now() + 600);
    }

    /** One hostile request: a path and the header lines it carries. */
    record Attack(String path, List<String> headerLines) {

        static Attack bearer(String path, String token) {
            return new Attack(path, List.of("Authorization: Bearer " + token));
        }

        @Override
        public String toString() {
            return path + " with " + headerLines.size() + " header(s)"; // tokens are long: keep names readable
        }
    }

    static Stream<Arguments> attacks() {
        String valid = alice("\"sub\":\"a-1\"," + exp());
        String[] parts = valid.split("\\.");
        String attackerJwk = TestTokens.rsaJwk(ATTACKER_RSA, "attacker");
        String payload = "{\"iss\":\"" + IDP_ISSUER + "\",\"aud\":\"portico-api\",\"sub\":\"dave\"," + exp() + "}";
        List<Arguments> attacks = new ArrayList<>();
        for (String none : List.of("none", "None", "NONE", "nOnE")) {
            String header = TestTokens.b64("{\"alg\":\"" + none + "\",\"typ\":\"JWT\"}");
            attacks.add(Arguments.of("alg " + none, Attack.bearer("/cred", header + "." + parts[1] + ".")));
        }
        attacks.add(Arguments.of("HS256 signed with the credential's RSA public key", Attack.bearer("/cred",
                TestTokens.token(TestTokens.header("HS256"), "{\"iss\":\"bob-app\"," + exp() + "}",
                        TestTokens.hmac(JWSAlgorithm.HS256, TestTokens.pem(BOB_RSA.getPublic())
                                .getBytes(StandardCharsets.US_ASCII))))));
        attacks.add(Arguments.of("HS256 signed with the JWKS RSA public key", Attack.bearer("/idp",
                TestTokens.token(TestTokens.header("HS256", "idp-rsa"), payload,
                        TestTokens.hmac(JWSAlgorithm.HS256, TestTokens.pem(IDP_RSA.getPublic())
                                .getBytes(StandardCharsets.US_ASCII))))));
        attacks.add(Arguments.of("RS256 token for an HS256 credential", Attack.bearer("/cred",
                TestTokens.token(TestTokens.header("RS256"), "{\"iss\":\"alice-app\"," + exp() + "}",
                        TestTokens.rsa(JWSAlgorithm.RS256, ATTACKER_RSA.getPrivate())))));
        attacks.add(Arguments.of("expired", Attack.bearer("/cred", alice("\"exp\":" + (now() - 3600)))));
        attacks.add(Arguments.of("not yet valid", Attack.bearer("/cred", alice("\"nbf\":" + (now() + 3600) + "," + exp()))));
        attacks.add(Arguments.of("issued in the future", Attack.bearer("/cred", alice("\"iat\":" + (now() + 3600) + ","
                + exp()))));
        attacks.add(Arguments.of("no exp", Attack.bearer("/cred", alice("\"sub\":\"a-1\""))));
        attacks.add(Arguments.of("wrong iss", Attack.bearer("/idp", TestTokens.token(TestTokens.header("ES256", "idp-ec"),
                "{\"iss\":\"https://evil.example\",\"aud\":\"portico-api\",\"sub\":\"dave\"," + exp() + "}",
                TestTokens.ecdsa(JWSAlgorithm.ES256, IDP_EC.getPrivate())))));
        attacks.add(Arguments.of("wrong aud", Attack.bearer("/idp", TestTokens.token(TestTokens.header("ES256", "idp-ec"),
                "{\"iss\":\"" + IDP_ISSUER + "\",\"aud\":\"other-api\",\"sub\":\"dave\"," + exp() + "}",
                TestTokens.ecdsa(JWSAlgorithm.ES256, IDP_EC.getPrivate())))));
        attacks.add(Arguments.of("tampered payload", Attack.bearer("/cred", parts[0] + "."
                + TestTokens.b64("{\"iss\":\"alice-app\",\"sub\":\"admin\"," + exp() + "}") + "." + parts[2])));
        attacks.add(Arguments.of("tampered signature", Attack.bearer("/cred", parts[0] + "." + parts[1] + "."
                + (parts[2].charAt(0) == 'A' ? 'B' : 'A') + parts[2].substring(1))));
        attacks.add(Arguments.of("truncated signature", Attack.bearer("/cred", parts[0] + "." + parts[1] + "."
                + parts[2].substring(0, 22))));
        attacks.add(Arguments.of("empty signature", Attack.bearer("/cred", parts[0] + "." + parts[1] + ".")));
        attacks.add(Arguments.of("kid with path traversal", Attack.bearer("/idp", TestTokens.token(
                TestTokens.header("ES256", "../../../../etc/passwd"), payload,
                TestTokens.ecdsa(JWSAlgorithm.ES256, IDP_EC.getPrivate())))));
        attacks.add(Arguments.of("kid with SQL injection", Attack.bearer("/idp", TestTokens.token(
                TestTokens.header("ES256", "' OR 1=1 --"), payload,
                TestTokens.ecdsa(JWSAlgorithm.ES256, IDP_EC.getPrivate())))));
        attacks.add(Arguments.of("jku pointing at the attacker", Attack.bearer("/idp", TestTokens.token(
                "{\"alg\":\"RS256\",\"kid\":\"attacker\",\"jku\":\"" + keys.uri("/attacker/jwks.json") + "\"}", payload,
                TestTokens.rsa(JWSAlgorithm.RS256, ATTACKER_RSA.getPrivate())))));
        attacks.add(Arguments.of("x5u pointing at the attacker", Attack.bearer("/idp", TestTokens.token(
                "{\"alg\":\"RS256\",\"kid\":\"attacker\",\"x5u\":\"" + keys.uri("/attacker/cert.pem") + "\"}", payload,
                TestTokens.rsa(JWSAlgorithm.RS256, ATTACKER_RSA.getPrivate())))));
        attacks.add(Arguments.of("embedded jwk of the attacker", Attack.bearer("/idp", TestTokens.token(
                "{\"alg\":\"RS256\",\"kid\":\"idp-rsa\",\"jwk\":" + attackerJwk + "}", payload,
                TestTokens.rsa(JWSAlgorithm.RS256, ATTACKER_RSA.getPrivate())))));
        attacks.add(Arguments.of("embedded x5c", Attack.bearer("/idp", TestTokens.token(
                "{\"alg\":\"RS256\",\"kid\":\"idp-rsa\",\"x5c\":[\"MIIBszCCAVmgAwIBAgIUQ\"]}", payload,
                TestTokens.rsa(JWSAlgorithm.RS256, ATTACKER_RSA.getPrivate())))));
        attacks.add(Arguments.of("unknown crit", Attack.bearer("/cred", alice(
                "{\"alg\":\"HS256\",\"crit\":[\"x-portico\"],\"x-portico\":true}",
                "{\"iss\":\"alice-app\"," + exp() + "}"))));
        attacks.add(Arguments.of("duplicate claims", Attack.bearer("/cred", alice(TestTokens.header("HS256"),
                "{\"iss\":\"alice-app\",\"sub\":\"a-1\",\"sub\":\"admin\"," + exp() + "}"))));
        attacks.add(Arguments.of("duplicate nested claims", Attack.bearer("/cred", alice(TestTokens.header("HS256"),
                "{\"iss\":\"alice-app\",\"r\":{\"role\":\"user\",\"role\":\"admin\"}," + exp() + "}"))));
        attacks.add(Arguments.of("oversized token (20 KB)", Attack.bearer("/cred",
                alice("\"pad\":\"" + "x".repeat(20 * 1024) + "\"," + exp()))));
        attacks.add(Arguments.of("a header token and a different query token", new Attack(
                "/cred?jwt=" + alice("\"sub\":\"a-2\"," + exp()), List.of("Authorization: Bearer " + valid))));
        attacks.add(Arguments.of("two Authorization headers", new Attack("/cred", List.of(
                "Authorization: Bearer " + valid, "Authorization: Bearer " + alice("\"sub\":\"a-3\"," + exp())))));
        attacks.add(Arguments.of("a token for another issuer", Attack.bearer("/cred", TestTokens.token(
                TestTokens.header("HS256"), "{\"iss\":\"mallory-app\"," + exp() + "}",
                TestTokens.hmac(JWSAlgorithm.HS256, ALICE_SECRET.getBytes(StandardCharsets.UTF_8))))));
        attacks.add(Arguments.of("signed by a key not in the JWKS", Attack.bearer("/idp", TestTokens.token(
                TestTokens.header("RS256", "idp-rsa"), payload,
                TestTokens.rsa(JWSAlgorithm.RS256, ATTACKER_RSA.getPrivate())))));
        attacks.add(Arguments.of("a JWKS consumer that does not exist", Attack.bearer("/idp", idp("idp-ec",
                "\"sub\":\"mallory\"," + exp()))));
        attacks.add(Arguments.of("malformed base64", Attack.bearer("/cred", parts[0] + "." + parts[1].substring(0, 10)
                + "*" + parts[1].substring(11) + "." + parts[2])));
        attacks.add(Arguments.of("two segments", Attack.bearer("/cred", parts[0] + "." + parts[1])));
        attacks.add(Arguments.of("four segments", Attack.bearer("/cred", valid + ".e30")));
        attacks.add(Arguments.of("JWE (five segments)", Attack.bearer("/cred",
                TestTokens.b64("{\"alg\":\"dir\",\"enc\":\"A128GCM\"}") + "..AAAAAAAAAAAAAAAA.c2VjcmV0.AAAAAAAAAAAAAAAAAAAAAA")));
        return attacks.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void refusesHostileToken(String name, Attack attack) {
        StringBuilder request = new StringBuilder("GET " + attack.path() + " HTTP/1.1\r\nHost: api.example.com\r\n");
        for (String line : attack.headerLines()) {
            request.append(line).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        RawResponse response;
        try (RawHttpClient client = RawHttpClient.connect(portico.port())) {
            response = client.exchange(request.toString());
        }

        assertThat(response.status()).as(name).isEqualTo(401);
        assertThat(response.header("www-authenticate")).isEqualTo("Bearer realm=\"portico\", error=\"invalid_token\"");
        assertThat(response.bodyText()).contains("\"status\":401", "\"error\":\"unauthorized\"");
        for (String line : attack.headerLines()) {
            assertThat(response.bodyText()).doesNotContain(line.substring(line.lastIndexOf(' ') + 1));
        }
        assertThat(origin.requests()).as("requests that reached the origin").isEmpty();
    }

    @Test
    void asksForATokenWhenThereIsNone() throws Exception {
        var response = portico.get("/cred");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"portico\"");
        assertThat(origin.requests()).isEmpty();
    }

    @Test
    void acceptsHs256ConsumerCredential() throws Exception {
        RecordedRequest received = passes("/cred", alice("\"sub\":\"a-1\"," + exp()));

        assertThat(received.header("x-consumer-username")).isEqualTo("alice");
        assertThat(received.header("x-consumer-groups")).isEqualTo("gold");
        assertThat(received.header("x-credential-identifier")).isEqualTo("alice-app");
        assertThat(received.header("x-user-id")).isEqualTo("a-1");
    }

    @Test
    void acceptsRs256ConsumerCredential() throws Exception {
        String token = TestTokens.token(TestTokens.header("RS256"), "{\"iss\":\"bob-app\",\"sub\":\"b-1\"," + exp() + "}",
                TestTokens.rsa(JWSAlgorithm.RS256, BOB_RSA.getPrivate()));

        RecordedRequest received = passes("/cred", token);

        assertThat(received.header("x-consumer-username")).isEqualTo("bob");
        assertThat(received.header("x-user-id")).isEqualTo("b-1");
    }

    @Test
    void acceptsEdDsaConsumerCredential() throws Exception {
        String token = TestTokens.token(TestTokens.header("EdDSA"), "{\"iss\":\"carol-app\"," + exp() + "}",
                TestTokens.ed25519(CAROL_ED.getPrivate()));

        assertThat(passes("/cred", token).header("x-consumer-username")).isEqualTo("carol");
    }

    @Test
    void acceptsEs256TokenFromTheIdentityProvidersKeySet() throws Exception {
        RecordedRequest received = passes("/idp", idp("idp-ec", "\"sub\":\"dave\",\"email\":\"dave@example.com\","
                + exp()));

        assertThat(received.header("x-consumer-username")).isEqualTo("dave");
        assertThat(received.header("x-credential-identifier")).isEqualTo(IDP_ISSUER);
        assertThat(received.header("x-user-email")).isEqualTo("dave@example.com");
    }

    @Test
    void acceptsRs256TokenFromTheIdentityProvidersKeySet() throws Exception {
        String token = TestTokens.token(TestTokens.header("RS256", "idp-rsa"), "{\"iss\":\"" + IDP_ISSUER
                + "\",\"aud\":[\"portico-api\"],\"sub\":\"dave\"," + exp() + "}",
                TestTokens.rsa(JWSAlgorithm.RS256, IDP_RSA.getPrivate()));

        assertThat(passes("/idp", token).header("x-consumer-username")).isEqualTo("dave");
    }

    @Test
    void dropsClaimHeadersAClientForged() throws Exception {
        var response = portico.send(portico.request("/cred")
                .header("Authorization", "Bearer " + alice("\"name\":\"no sub\"," + exp()))
                .header("X-User-Id", "admin"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(origin.awaitRequests(1).get(0).header("x-user-id")).isNull();
    }

    private RecordedRequest passes(String path, String token) throws Exception {
        var response = portico.send(portico.request(path).header("Authorization", "Bearer " + token));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return origin.awaitRequests(1).get(0);
    }
}
