package io.portico.plugin;

/**
 * How an authentication plugin reads one of its credentials from {@code consumers[].credentials}.
 *
 * @param <K> the credential as the plugin keeps it (secrets already hashed where they can be)
 */
public interface CredentialType<K extends Credential> {

    Class<K> type();

    /**
     * Reads one credential entry. Problems are reported on the reader; unread keys are unknown.
     *
     * @param consumer the username of the consumer that owns it
     * @param index    its position in the consumer's list, for a default identifier
     */
    K read(ConfigReader credential, String consumer, int index);

    /**
     * The value requests find this credential by (an API key, a username, an issuer). Portico checks
     * that no two credentials of the type share it. Null (the default) when there is no such value.
     */
    default String lookupKey(K credential) {
        return null;
    }
}
