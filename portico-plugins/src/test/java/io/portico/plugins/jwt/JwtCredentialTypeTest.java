package io.portico.plugins.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import io.portico.plugin.ConfigReader;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JwtCredentialTypeTest {

    private static final String SECRET_32 = "0123456789abcdef0123456789abcdef";
    private static final KeyPair RSA = TestTokens.rsa(2048);
    private static final KeyPair EC_256 = TestTokens.ec("secp256r1");

    private final JwtCredentialType type = new JwtCredentialType();
    private final List<String> problems = new ArrayList<>();

    private JwtCredential read(Map<String, ?> values) {
        ConfigReader reader = ConfigReader.of(values, "consumers[0].credentials.jwt[0]",
                (path, message) -> problems.add(path + ": " + message), Set.of());
        JwtCredential credential = type.read(reader, "alice", 0);
        reader.finish();
        return problems.isEmpty() ? credential : null;
    }

    @Test
    void readsAnHmacCredentialWithHs256ByDefault() {
        JwtCredential credential = read(Map.of("key", "alice-app", "secret", SECRET_32));

        assertThat(problems).isEmpty();
        assertThat(credential.key()).isEqualTo("alice-app");
        assertThat(credential.identifier()).isEqualTo("alice-app");
        assertThat(credential.algorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(type.lookupKey(credential)).isEqualTo("alice-app");
    }

    @Test
    void acceptsIssuerAsTheDesignDocumentWritesIt() {
        JwtCredential credential = read(Map.of("issuer", "alice-app", "secret", SECRET_32));

        assertThat(credential.key()).isEqualTo("alice-app");
    }

    @Test
    void neverPrintsTheSecret() {
        JwtCredential credential = read(Map.of("key", "alice-app", "secret", SECRET_32));

        assertThat(credential.toString()).doesNotContain(SECRET_32).contains("alice-app", "HS256");
    }

    @Test
    void refusesShortSecretsWithoutShowingThem() {
        read(Map.of("key", "a", "algorithm", "HS512", "secret", SECRET_32));

        assertThat(problems).containsExactly(
                "consumers[0].credentials.jwt[0].secret: 32 bytes (expected: at least 64 bytes for HS512)");
    }

    @Test
    void refusesANumberAsSecretWithoutShowingIt() {
        read(Map.of("key", "a", "secret", 12345678));

        assertThat(problems).containsExactly(
                "consumers[0].credentials.jwt[0].secret: not text (expected: text of at least 32 bytes for HS256)");
    }

    @Test
    void readsPublicKeysOfEveryFamily() {
        assertThat(read(Map.of("key", "r", "algorithm", "PS384", "public_key", TestTokens.pem(RSA.getPublic())))
                .algorithm()).isEqualTo(JWSAlgorithm.PS384);
        assertThat(read(Map.of("key", "e", "algorithm", "ES256", "public_key", TestTokens.pem(EC_256.getPublic())))
                .algorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(read(Map.of("key", "d", "algorithm", "EdDSA",
                "public_key", TestTokens.pem(TestTokens.ed25519().getPublic()))).algorithm()).isEqualTo(JWSAlgorithm.EdDSA);
        assertThat(problems).isEmpty();
    }

    @Test
    void refusesRsaKeysBelow2048Bits() {
        read(Map.of("key", "r", "algorithm", "RS256", "public_key", TestTokens.pem(TestTokens.rsa(1024).getPublic())));

        assertThat(problems).containsExactly(
                "consumers[0].credentials.jwt[0].public_key: a 1024-bit RSA key (expected: at least 2048 bits)");
    }

    @Test
    void refusesAnEcKeyOnAnotherCurveThanTheAlgorithms() {
        read(Map.of("key", "e", "algorithm", "ES256",
                "public_key", TestTokens.pem(TestTokens.ec("secp384r1").getPublic())));

        assertThat(problems).containsExactly(
                "consumers[0].credentials.jwt[0].public_key: an EC key on P-384 (expected: P-256 for ES256)");
    }

    @Test
    void refusesAKeyOfAnotherType() {
        read(Map.of("key", "d", "algorithm", "EdDSA", "public_key", TestTokens.pem(RSA.getPublic())));

        assertThat(problems).containsExactly(
                "consumers[0].credentials.jwt[0].public_key: an RSA key (expected: an Ed25519 public key for EdDSA)");
    }

    @Test
    void refusesWhatIsNotAPemPublicKey() {
        read(Map.of("key", "r", "algorithm", "RS256", "public_key", "-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----"));
        read(Map.of("key", "r", "algorithm", "RS256", "public_key", "ssh-rsa AAAAB3Nza"));
        read(Map.of("key", "r", "algorithm", "RS256",
                "public_key", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"));

        assertThat(problems).containsExactly(
                "consumers[0].credentials.jwt[0].public_key: a PEM block that is not base64"
                        + " (expected: a PEM public key, -----BEGIN PUBLIC KEY-----)",
                "consumers[0].credentials.jwt[0].public_key: not a PEM public key"
                        + " (expected: a PEM public key, -----BEGIN PUBLIC KEY-----)",
                "consumers[0].credentials.jwt[0].public_key: a PEM block that is not an RSA, EC or Ed25519 public key"
                        + " (expected: a PEM public key, -----BEGIN PUBLIC KEY-----)");
    }

    @Test
    void refusesKeyMaterialOfTheOtherKind() {
        read(Map.of("key", "r", "algorithm", "RS256", "secret", SECRET_32));
        problems.add("--");
        read(Map.of("key", "h", "algorithm", "HS256", "secret", SECRET_32, "public_key", TestTokens.pem(RSA.getPublic())));

        assertThat(problems).containsExactly(
                "consumers[0].credentials.jwt[0].secret: set for RS256 (expected: only with HS256, HS384 and HS512)",
                "consumers[0].credentials.jwt[0].public_key: missing"
                        + " (expected: a PEM public key, -----BEGIN PUBLIC KEY----- for RS256)",
                "--",
                "consumers[0].credentials.jwt[0].public_key: set for HS256"
                        + " (expected: only with RS*, PS*, ES* and EdDSA)");
        assertThat(String.join("\n", problems)).doesNotContain(SECRET_32);
    }

    @Test
    void needsExactlyOneOfKeyAndIssuer() {
        read(Map.of("secret", SECRET_32));
        read(Map.of("key", "a", "issuer", "a", "secret", SECRET_32));

        assertThat(problems).containsExactly(
                "consumers[0].credentials.jwt[0].key: missing (expected: the value of the token's key claim, such as its iss)",
                "consumers[0].credentials.jwt[0].issuer: set together with key (expected: one of key, issuer)");
    }

    @Test
    void refusesUnknownAlgorithmsAndKeys() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("key", "a");
        values.put("algorithm", "none");
        values.put("secret", SECRET_32);
        values.put("secret_is_base64", true);
        read(values);

        assertThat(problems).containsExactly(
                "consumers[0].credentials.jwt[0].algorithm: \"none\" (expected: one of HS256, HS384, HS512, RS256,"
                        + " RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA)",
                "consumers[0].credentials.jwt[0].secret_is_base64: unknown key \"secret_is_base64\""
                        + " (expected one of: key, issuer, algorithm, secret, public_key)");
    }
}
