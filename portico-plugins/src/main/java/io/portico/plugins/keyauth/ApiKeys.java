package io.portico.plugins.keyauth;

import io.portico.plugin.ConsumerCredential;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration's API keys, found by the SHA-256 of the key. Comparing digests instead of keys
 * means the time a lookup takes depends only on a hash of what was sent, which tells an attacker
 * nothing about the keys that exist. Immutable after construction; shared by every event loop.
 */
final class ApiKeys {

    private final Map<ByteBuffer, ConsumerCredential<KeyAuthCredential>> byDigest;

    ApiKeys(List<ConsumerCredential<KeyAuthCredential>> credentials) {
        Map<ByteBuffer, ConsumerCredential<KeyAuthCredential>> index = new HashMap<>();
        for (ConsumerCredential<KeyAuthCredential> entry : credentials) {
            // Keys are unique: the core rejects duplicates (KeyAuthCredentialType.lookupKey).
            index.put(digest(entry.credential().key()), entry);
        }
        this.byDigest = Map.copyOf(index);
    }

    /** The consumer and credential of the key, or null. */
    ConsumerCredential<KeyAuthCredential> find(String key) {
        return byDigest.get(digest(key));
    }

    private static ByteBuffer digest(String key) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
