package io.portico.plugins.keyauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.ConfigReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyAuthCredentialTypeTest {

    private static final String PATH = "consumers[0].credentials.key-auth[1]";
    private static final String SECRET = "k-0123456789abcdef0123456789abcdef";

    private final KeyAuthCredentialType type = new KeyAuthCredentialType();
    private final List<String> problems = new ArrayList<>();

    private KeyAuthCredential read(Map<String, ?> values) {
        ConfigReader reader = ConfigReader.of(values, PATH, (path, message) -> problems.add(path + ": " + message), Set.of());
        KeyAuthCredential credential = type.read(reader, "alice", 1);
        reader.finish();
        return credential;
    }

    @Test
    void namesTheKeyAfterItsConsumerAndPosition() {
        KeyAuthCredential credential = read(Map.of("key", SECRET));

        assertThat(problems).isEmpty();
        assertThat(credential.identifier()).isEqualTo("alice-key-2");
        assertThat(type.lookupKey(credential)).isEqualTo(SECRET);
    }

    @Test
    void takesAnExplicitIdentifier() {
        assertThat(read(Map.of("key", SECRET, "id", "alice-ci")).identifier()).isEqualTo("alice-ci");
        assertThat(problems).isEmpty();
    }

    @Test
    void requiresAKey() {
        assertThat(read(Map.of("id", "x"))).isNull();
        assertThat(problems).containsExactly(PATH + ".key: missing (expected: " + KeyAuthCredentialType.KEY_RULE + ")");
    }

    @Test
    void rejectsAnEmptyKey() {
        assertThat(read(Map.of("key", ""))).isNull();
        assertThat(problems).containsExactly(PATH + ".key: \"\" (expected: " + KeyAuthCredentialType.KEY_RULE + ")");
    }

    @Test
    void neverShowsARejectedKey() {
        read(Map.of("key", "secret with spaces"));
        read(Map.of("key", 12345678));
        read(Map.of("key", "k".repeat(KeyAuthCredentialType.MAX_KEY_LENGTH + 1)));

        assertThat(problems).containsExactly(
                PATH + ".key: (not shown) (expected: " + KeyAuthCredentialType.KEY_RULE + ")",
                PATH + ".key: (not shown) (expected: " + KeyAuthCredentialType.TEXT_RULE + ")",
                PATH + ".key: (not shown) (expected: " + KeyAuthCredentialType.KEY_RULE + ")");
    }

    @Test
    void refusesAnIdentifierThatIsTheKey() {
        assertThat(read(Map.of("key", SECRET, "id", SECRET))).isNull();
        assertThat(problems).containsExactly(PATH + ".id: the same as the key (expected: a name that does not reveal the key)");
        assertThat(String.join("\n", problems)).doesNotContain(SECRET);
    }

    @Test
    void rejectsAnIdentifierThatCannotBeAHeaderValue() {
        assertThat(read(Map.of("key", SECRET, "id", "two words"))).isNull();
        assertThat(problems).containsExactly(PATH + ".id: \"two words\" (expected: " + KeyAuthCredentialType.ID_RULE + ")");
    }

    @Test
    void reportsUnknownKeys() {
        read(Map.of("key", SECRET, "secret", "x"));
        assertThat(problems).containsExactly(PATH + ".secret: unknown key \"secret\" (expected one of: key, id)");
    }

    @Test
    void keepsTheKeyOutOfToString() {
        assertThat(new KeyAuthCredential(SECRET, "alice-key-1").toString())
                .doesNotContain(SECRET)
                .contains("alice-key-1");
    }
}
