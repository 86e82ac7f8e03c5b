package io.portico.plugins.basicauth;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.CredentialType;
import java.security.SecureRandom;

/**
 * Reads {@code consumers[].credentials.basic-auth: [{username, password}]} or {@code [{username,
 * password_hash}]}. A plain password is hashed here, with a fresh salt, and then forgotten.
 */
final class BasicAuthCredentialType implements CredentialType<BasicAuthCredential> {

    static final int MAX_USERNAME_LENGTH = 128;
    static final int MAX_PASSWORD_LENGTH = 1024;
    static final String USERNAME_RULE = "1 to " + MAX_USERNAME_LENGTH + " visible ASCII characters except ':'";
    static final String PASSWORD_RULE = "text of 1 to " + MAX_PASSWORD_LENGTH + " characters";
    /** YAML reads {@code 0123} or {@code 1e3} as numbers and loses how they were written. */
    static final String TEXT_RULE = "text; quote passwords that look like numbers";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;

    /** Hashes plain passwords with {@code iterations} rounds (tests use fewer than the default). */
    BasicAuthCredentialType(int iterations) {
        this.iterations = iterations;
    }

    @Override
    public Class<BasicAuthCredential> type() {
        return BasicAuthCredential.class;
    }

    @Override
    public BasicAuthCredential read(ConfigReader credential, String consumer, int index) {
        String username = credential.requiredString("username", USERNAME_RULE);
        if (username != null && !isUsername(username)) {
            credential.expected("username", USERNAME_RULE);
        }
        Object password = credential.value("password");
        Object hash = credential.value("password_hash");
        if (password != null && hash != null) {
            credential.problem("password_hash",
                    "set together with password (expected: one of password, password_hash)");
            return null;
        }
        if (password == null && hash == null) {
            credential.problem("password", "missing (expected: password or password_hash)");
            return null;
        }
        // Neither value is ever shown in a message: both are secrets.
        if (hash != null) {
            PasswordHash parsed = hash instanceof String text ? PasswordHash.parse(text) : null;
            if (parsed == null) {
                credential.problem("password_hash", "(not shown) (expected: " + PasswordHash.FORMAT_RULE + ")");
            }
            return credential.hasProblems() ? null : new BasicAuthCredential(username, parsed);
        }
        if (!(password instanceof String text)) {
            credential.problem("password", "(not shown) (expected: " + TEXT_RULE + ")"); // a YAML number, say
            return null;
        }
        if (text.isEmpty() || text.length() > MAX_PASSWORD_LENGTH) {
            credential.problem("password", "(not shown) (expected: " + PASSWORD_RULE + ")");
            return null;
        }
        // Hashing is slow: only for a credential that will be kept.
        return credential.hasProblems() ? null
                : new BasicAuthCredential(username, PasswordHash.of(text, iterations, RANDOM));
    }

    @Override
    public String lookupKey(BasicAuthCredential credential) {
        return credential.username();
    }

    /** What RFC 7617 allows before the colon, kept to ASCII so it can go upstream in a header. */
    private static boolean isUsername(String text) {
        if (text.length() > MAX_USERNAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x21 || c > 0x7e || c == ':') {
                return false;
            }
        }
        return true;
    }
}
