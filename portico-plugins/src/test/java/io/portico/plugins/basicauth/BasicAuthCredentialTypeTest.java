package io.portico.plugins.basicauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.ConfigReader;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BasicAuthCredentialTypeTest {

    private static final String PATH = "consumers[2].credentials.basic-auth[0]";
    private static final String NOT_SHOWN_PASSWORD =
            PATH + ".password: (not shown) (expected: " + BasicAuthCredentialType.PASSWORD_RULE + ")";

    private final BasicAuthCredentialType type = new BasicAuthCredentialType(1_000);
    private final List<String> problems = new ArrayList<>();

    private BasicAuthCredential read(Map<String, ?> values) {
        ConfigReader reader = ConfigReader.of(values, PATH, (path, message) -> problems.add(path + ": " + message), Set.of());
        BasicAuthCredential credential = type.read(reader, "carol", 0);
        reader.finish();
        return credential;
    }

    @Test
    void hashesAPlainPasswordAndForgetsIt() {
        BasicAuthCredential credential = read(Map.of("username", "carol", "password", "s3cret-pass"));

        assertThat(problems).isEmpty();
        assertThat(credential.username()).isEqualTo("carol");
        assertThat(credential.identifier()).isEqualTo("carol");
        assertThat(credential.passwordHash().iterations()).isEqualTo(1_000);
        assertThat(credential.passwordHash().matches("s3cret-pass")).isTrue();
        assertThat(credential.passwordHash().encoded()).doesNotContain("s3cret-pass");
        assertThat(type.lookupKey(credential)).isEqualTo("carol");
    }

    @Test
    void takesAHashAsWritten() {
        String hash = PasswordHash.of("from-elsewhere", 2_000, new SecureRandom()).encoded();

        BasicAuthCredential credential = read(Map.of("username", "carol", "password_hash", hash));

        assertThat(problems).isEmpty();
        assertThat(credential.passwordHash().encoded()).isEqualTo(hash);
        assertThat(credential.passwordHash().matches("from-elsewhere")).isTrue();
    }

    @Test
    void wantsExactlyOneOfPasswordAndHash() {
        read(Map.of("username", "carol"));
        read(Map.of("username", "carol", "password", "x", "password_hash", "y"));

        assertThat(problems).containsExactly(
                PATH + ".password: missing (expected: password or password_hash)",
                PATH + ".password_hash: set together with password (expected: one of password, password_hash)");
    }

    @Test
    void neverShowsARejectedPasswordOrHash() {
        read(Map.of("username", "carol", "password", ""));
        read(Map.of("username", "carol", "password", 123456));
        read(Map.of("username", "carol", "password", "p".repeat(BasicAuthCredentialType.MAX_PASSWORD_LENGTH + 1)));
        read(Map.of("username", "carol", "password_hash", "$pbkdf2-sha256$i=5$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"));

        assertThat(problems).containsExactly(NOT_SHOWN_PASSWORD,
                PATH + ".password: (not shown) (expected: " + BasicAuthCredentialType.TEXT_RULE + ")",
                NOT_SHOWN_PASSWORD,
                PATH + ".password_hash: (not shown) (expected: " + PasswordHash.FORMAT_RULE + ")");
    }

    @Test
    void checksTheUsername() {
        read(Map.of("password", "pw"));
        read(Map.of("username", "car:ol", "password", "pw"));
        read(Map.of("username", "car ol", "password", "pw"));

        assertThat(problems).containsExactly(
                PATH + ".username: missing (expected: " + BasicAuthCredentialType.USERNAME_RULE + ")",
                PATH + ".username: \"car:ol\" (expected: " + BasicAuthCredentialType.USERNAME_RULE + ")",
                PATH + ".username: \"car ol\" (expected: " + BasicAuthCredentialType.USERNAME_RULE + ")");
    }

    @Test
    void reportsUnknownKeys() {
        read(Map.of("username", "carol", "password", "pw", "salt", "x"));

        assertThat(problems).containsExactly(
                PATH + ".salt: unknown key \"salt\" (expected one of: username, password, password_hash)");
    }

    @Test
    void keepsTheHashOutOfToString() {
        BasicAuthCredential credential = read(Map.of("username", "carol", "password", "pw"));

        assertThat(credential.toString()).isEqualTo("BasicAuthCredential[username=carol]");
    }
}
