package io.portico.plugins.hmacauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.ConfigReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HmacCredentialTypeTest {

    private final HmacCredentialType type = new HmacCredentialType();
    private final List<String> problems = new ArrayList<>();

    private HmacCredential read(Map<String, ?> values) {
        ConfigReader reader = ConfigReader.of(values, "consumers[0].credentials.hmac-auth[0]",
                (path, message) -> problems.add(path + ": " + message), Set.of());
        HmacCredential credential = type.read(reader, "alice", 0);
        reader.finish();
        return credential;
    }

    @Test
    void readsUsernameAndSecretAndLooksUpByUsername() {
        HmacCredential credential = read(Map.of("username", "alice-hmac", "secret", "s3cret-value"));

        assertThat(problems).isEmpty();
        assertThat(credential.identifier()).isEqualTo("alice-hmac");
        assertThat(type.lookupKey(credential)).isEqualTo("alice-hmac");
        assertThat(credential.secret()).isEqualTo("s3cret-value");
    }

    @Test
    void neverPrintsTheSecret() {
        HmacCredential credential = read(Map.of("username", "alice-hmac", "secret", "s3cret-value"));

        assertThat(credential.toString()).doesNotContain("s3cret-value").contains("alice-hmac");
    }

    @Test
    void reportsMissingKeys() {
        HmacCredential credential = read(Map.of());

        assertThat(credential).isNull();
        assertThat(problems).containsExactly(
                "consumers[0].credentials.hmac-auth[0].username: missing (expected: a username without quotes, "
                        + "backslashes or control characters)",
                "consumers[0].credentials.hmac-auth[0].secret: missing (expected: non-empty text; quote a secret "
                        + "that YAML would read as a number)");
    }

    @Test
    void reportsABadSecretWithoutItsValue() {
        HmacCredential credential = read(Map.of("username", "bob\"x", "secret", 123456789, "key", "k"));

        assertThat(credential).isNull();
        assertThat(problems).containsExactly(
                "consumers[0].credentials.hmac-auth[0].username: \"bob\\\"x\" (expected: a username without quotes, "
                        + "backslashes or control characters)",
                "consumers[0].credentials.hmac-auth[0].secret: <hidden> (expected: non-empty text; quote a secret "
                        + "that YAML would read as a number)",
                "consumers[0].credentials.hmac-auth[0].key: unknown key \"key\" (expected one of: username, secret)");
        assertThat(String.join("\n", problems)).doesNotContain("123456789");
    }
}
