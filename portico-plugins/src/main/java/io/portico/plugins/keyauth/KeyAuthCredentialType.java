package io.portico.plugins.keyauth;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.CredentialType;

/** Reads {@code consumers[].credentials.key-auth: [{key, id}]}. */
final class KeyAuthCredentialType implements CredentialType<KeyAuthCredential> {

    static final int MAX_KEY_LENGTH = 4096;
    static final String KEY_RULE = "1 to " + MAX_KEY_LENGTH + " visible ASCII characters";
    /** YAML reads {@code 0123} or {@code 1e3} as numbers and loses how they were written. */
    static final String TEXT_RULE = "text; quote keys that look like numbers";
    static final String ID_RULE = "1 to 256 visible ASCII characters";

    @Override
    public Class<KeyAuthCredential> type() {
        return KeyAuthCredential.class;
    }

    @Override
    public KeyAuthCredential read(ConfigReader credential, String consumer, int index) {
        String key = key(credential);
        String identifier = credential.string("id", consumer + "-key-" + (index + 1));
        if (key != null && key.equals(identifier)) {
            // Not rendered: the identifier is the key here.
            credential.problem("id", "the same as the key (expected: a name that does not reveal the key)");
        } else if (!isVisibleAscii(identifier, 256)) {
            credential.expected("id", ID_RULE);
        }
        return credential.hasProblems() ? null : new KeyAuthCredential(key, identifier);
    }

    /** The key, or null after reporting; messages never show the value. */
    private static String key(ConfigReader credential) {
        Object value = credential.value("key");
        if (value == null) {
            credential.problem("key", "missing (expected: " + KEY_RULE + ")");
            return null;
        }
        if ("".equals(value)) {
            credential.expected("key", KEY_RULE);
            return null;
        }
        if (!(value instanceof String key)) {
            credential.problem("key", "(not shown) (expected: " + TEXT_RULE + ")"); // a YAML number, say
            return null;
        }
        if (!isVisibleAscii(key, MAX_KEY_LENGTH)) {
            credential.problem("key", "(not shown) (expected: " + KEY_RULE + ")");
            return null;
        }
        return key;
    }

    @Override
    public String lookupKey(KeyAuthCredential credential) {
        return credential.key();
    }

    /** Visible ASCII only: what a header value can carry unchanged. */
    static boolean isVisibleAscii(String text, int maxLength) {
        if (text.isEmpty() || text.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
