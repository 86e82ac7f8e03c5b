package io.portico.plugins.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JwksKeysTest {

    private static final KeyPair RSA = TestTokens.rsa(2048);
    private static final KeyPair EC = TestTokens.ec("secp256r1");
    private static final KeyPair ED = TestTokens.ed25519();
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private static String rsa(String kid, String alg) {
        RSAKey.Builder key = new RSAKey.Builder((RSAPublicKey) RSA.getPublic()).keyID(kid);
        if (alg != null) {
            key.algorithm(JWSAlgorithm.parse(alg));
        }
        return key.build().toJSONString();
    }

    private static String ec(String kid, String alg) {
        ECKey.Builder key = new ECKey.Builder(Curve.P_256, (ECPublicKey) EC.getPublic()).keyID(kid);
        if (alg != null) {
            key.algorithm(JWSAlgorithm.parse(alg));
        }
        return key.build().toJSONString();
    }

    private static String ed(String kid) {
        return TestTokens.ed25519Jwk(ED, kid);
    }

    private static JwksKeys parse(String... keys) throws ParseException {
        return JwksKeys.parse("{\"keys\":[" + String.join(",", keys) + "]}", NOW, "test");
    }

    @Test
    void allowsTheAlgorithmsOfTheKeyTypeWhenTheKeyNamesNone() throws ParseException {
        JwksKeys keys = parse(rsa("r", null), ec("e", null), ed("d"));

        assertThat(keys.size()).isEqualTo(3);
        assertThat(keys.find("r", JWSAlgorithm.RS256)).isNotNull();
        assertThat(keys.find("r", JWSAlgorithm.PS512)).isNotNull();
        assertThat(keys.find("r", JWSAlgorithm.HS256)).isNull();
        assertThat(keys.find("r", JWSAlgorithm.ES256)).isNull();
        assertThat(keys.find("e", JWSAlgorithm.ES256)).isNotNull();
        assertThat(keys.find("e", JWSAlgorithm.ES384)).isNull();
        assertThat(keys.find("d", JWSAlgorithm.EdDSA)).isNotNull();
        assertThat(keys.find("d", JWSAlgorithm.RS256)).isNull();
    }

    @Test
    void verifiesSignaturesWithTheKeysItFound() throws Exception {
        JwksKeys keys = parse(rsa("r", null), ec("e", null), ed("d"));
        String payload = "{\"sub\":\"x\"}";
        JWSObject rs = JWSObject.parse(TestTokens.token(TestTokens.header("PS256", "r"), payload,
                TestTokens.rsa(JWSAlgorithm.PS256, RSA.getPrivate())));
        JWSObject es = JWSObject.parse(TestTokens.token(TestTokens.header("ES256", "e"), payload,
                TestTokens.ecdsa(JWSAlgorithm.ES256, EC.getPrivate())));
        JWSObject ed = JWSObject.parse(TestTokens.token(TestTokens.header("EdDSA", "d"), payload,
                TestTokens.ed25519(ED.getPrivate())));
        JWSObject forged = JWSObject.parse(TestTokens.token(TestTokens.header("EdDSA", "d"), payload,
                TestTokens.ed25519(TestTokens.ed25519().getPrivate())));

        assertThat(keys.find("r", JWSAlgorithm.PS256).verifies(rs)).isTrue();
        assertThat(keys.find("e", JWSAlgorithm.ES256).verifies(es)).isTrue();
        assertThat(keys.find("d", JWSAlgorithm.EdDSA).verifies(ed)).isTrue();
        assertThat(keys.find("d", JWSAlgorithm.EdDSA).verifies(forged)).isFalse();
        assertThat(keys.find("e", JWSAlgorithm.ES256).verifies(ed)).isFalse();
    }

    @Test
    void allowsOnlyTheAlgorithmAKeyNames() throws ParseException {
        JwksKeys keys = parse(rsa("r", "PS256"));

        assertThat(keys.find("r", JWSAlgorithm.PS256)).isNotNull();
        assertThat(keys.find("r", JWSAlgorithm.RS256)).isNull();
    }

    @Test
    void skipsKeysPorticoWillNotUse() throws ParseException {
        String hmac = new OctetSequenceKey.Builder(new byte[32]).keyID("oct").build().toJSONString();
        String encryption = new RSAKey.Builder((RSAPublicKey) RSA.getPublic()).keyID("enc").keyUse(KeyUse.ENCRYPTION)
                .build().toJSONString();
        String small = new RSAKey.Builder((RSAPublicKey) TestTokens.rsa(1024).getPublic()).keyID("small").build()
                .toJSONString();
        String wrongCurve = ec("e384", "ES384");

        JwksKeys keys = parse(hmac, encryption, small, wrongCurve, "{\"kty\":\"RSA\",\"kid\":\"broken\"}", "42",
                rsa("good", null));

        assertThat(keys.size()).isEqualTo(1);
        assertThat(keys.knows("good")).isTrue();
        assertThat(keys.knows("oct")).isFalse();
        assertThat(keys.knows("enc")).isFalse();
        assertThat(keys.knows("small")).isFalse();
        assertThat(keys.knows("e384")).isFalse();
    }

    @Test
    void matchesATokenWithoutKidOnlyToASingleKeySet() throws ParseException {
        assertThat(parse(rsa("r", null)).find(null, JWSAlgorithm.RS256)).isNotNull();
        assertThat(parse(rsa("r", null), ec("e", null)).find(null, JWSAlgorithm.RS256)).isNull();
    }

    @Test
    void findsNothingForKidsThatAreNotInTheSet() throws ParseException {
        JwksKeys keys = parse(rsa("r", null));

        assertThat(keys.find("../../etc/passwd", JWSAlgorithm.RS256)).isNull();
        assertThat(keys.find("' OR 1=1 --", JWSAlgorithm.RS256)).isNull();
    }

    @Test
    void refusesADocumentThatIsNotAKeySet() {
        assertThatThrownBy(() -> JwksKeys.parse("{\"keys\":\"no\"}", NOW, "test")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> JwksKeys.parse("<html>", NOW, "test")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> JwksKeys.parse("{}", NOW, "test")).isInstanceOf(ParseException.class);
    }
}
