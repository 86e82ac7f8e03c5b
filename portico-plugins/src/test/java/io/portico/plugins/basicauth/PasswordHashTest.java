package io.portico.plugins.basicauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHashTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void matchesOnlyThePasswordItWasMadeFrom() {
        PasswordHash hash = PasswordHash.of("correct horse", 1_000, RANDOM);

        assertThat(hash.matches("correct horse")).isTrue();
        assertThat(hash.matches("correct hors")).isFalse();
        assertThat(hash.matches("Correct horse")).isFalse();
        assertThat(hash.matches("")).isFalse();
    }

    @Test
    void saltsEveryHash() {
        assertThat(PasswordHash.of("same", 1_000, RANDOM).encoded())
                .isNotEqualTo(PasswordHash.of("same", 1_000, RANDOM).encoded());
    }

    @Test
    void readsBackWhatItWrites() {
        PasswordHash hash = PasswordHash.of("pässwörd", 1_500, RANDOM);

        String text = hash.encoded();
        PasswordHash parsed = PasswordHash.parse(text);

        assertThat(text).matches("\\$pbkdf2-sha256\\$i=1500\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(parsed.iterations()).isEqualTo(1_500);
        assertThat(parsed.matches("pässwörd")).isTrue();
        assertThat(parsed.encoded()).isEqualTo(text);
    }

    @Test
    void isStandardPbkdf2HmacSha256() {
        // The published PBKDF2-HMAC-SHA256 vector with c=4096, dkLen=40 (also what Python's hashlib gives).
        String derived = "348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9";
        Base64.Encoder base64 = Base64.getEncoder();
        PasswordHash hash = PasswordHash.parse("$pbkdf2-sha256$i=4096$"
                + base64.encodeToString("saltSALTsaltSALTsaltSALTsaltSALTsalt".getBytes(StandardCharsets.US_ASCII)) + "$"
                + base64.encodeToString(HexFormat.of().parseHex(derived)));

        assertThat(hash.matches("passwordPASSWORDpassword")).isTrue();
        assertThat(hash.matches("passwordPASSWORDpassworD")).isFalse();
    }

    @Test
    void decoyMatchesNothing() {
        PasswordHash decoy = PasswordHash.decoy(1_000, RANDOM);

        assertThat(decoy.matches("")).isFalse();
        assertThat(decoy.matches("anything")).isFalse();
        assertThat(decoy.iterations()).isEqualTo(1_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "pbkdf2-sha256$i=1000$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
        "$pbkdf2-sha512$i=1000$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
        "$pbkdf2-sha256$1000$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
        "$pbkdf2-sha256$i=999$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
        "$pbkdf2-sha256$i=10000001$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
        "$pbkdf2-sha256$i=99999999999999999999$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
        "$pbkdf2-sha256$i=-1000$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
        "$pbkdf2-sha256$i=x$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
        "$pbkdf2-sha256$i=1000$c2FsdA$aGFzaGhhc2hoYXNoaGFzaA",
        "$pbkdf2-sha256$i=1000$c2FsdHNhbHQ$aGFzaA",
        "$pbkdf2-sha256$i=1000$c2Fs*HNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
        "$pbkdf2-sha256$i=1000$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA$",
        "$pbkdf2-sha256$i=1000$c2FsdHNhbHQ",
    })
    void refusesWhatIsNotAHash(String text) {
        assertThat(PasswordHash.parse(text)).isNull();
    }

    @Test
    void acceptsPaddedBase64() {
        assertThat(PasswordHash.parse("$pbkdf2-sha256$i=1000$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==")).isNotNull();
    }

    @Test
    void keepsSaltAndHashOutOfToString() {
        PasswordHash hash = PasswordHash.of("secret", 1_000, RANDOM);
        String encoded = hash.encoded();

        assertThat(hash.toString()).isEqualTo("PasswordHash[pbkdf2-sha256, i=1000]");
        assertThat(hash.toString()).doesNotContain(encoded.substring(encoded.lastIndexOf('$') + 1));
    }
}
