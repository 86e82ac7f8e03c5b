package io.portico.plugins.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fetched JWKS, immutable: the usable keys by {@code kid}. A token names its key by {@code kid};
 * a token without one is accepted only when the set holds a single key.
 *
 * @param fetchedAt when the set was fetched; null before the first successful fetch
 */
record JwksKeys(Map<String, List<VerificationKey>> byKid, VerificationKey onlyKey, int size, Instant fetchedAt) {

    static final JwksKeys NONE = new JwksKeys(Map.of(), null, 0, null);

    private static final Logger log = LoggerFactory.getLogger(JwksKeys.class);
    private static final String NO_KID = "";

    JwksKeys {
        byKid = Map.copyOf(byKid);
    }

    boolean loaded() {
        return fetchedAt != null;
    }

    /** True when the set has a key the token could name ({@code kid} null: a single-key set). */
    boolean knows(String kid) {
        return kid == null ? onlyKey != null : byKid.containsKey(kid);
    }

    /** The key named by {@code kid} that allows {@code algorithm}, or null. */
    VerificationKey find(String kid, JWSAlgorithm algorithm) {
        if (kid == null) {
            return onlyKey != null && onlyKey.accepts(algorithm) ? onlyKey : null;
        }
        List<VerificationKey> keys = byKid.get(kid);
        if (keys != null) {
            for (VerificationKey key : keys) {
                if (key.accepts(algorithm)) {
                    return key;
                }
            }
        }
        return null;
    }

    /**
     * Reads a JWKS document. Entries Portico cannot or will not use (symmetric keys, encryption keys,
     * unknown types, small RSA keys, malformed entries) are skipped one by one; a document that is not
     * a JWKS at all is an error.
     */
    static JwksKeys parse(String json, Instant now, String source) throws ParseException {
        Map<String, Object> document = JSONObjectUtils.parse(json);
        List<Object> entries = JSONObjectUtils.getJSONArray(document, "keys");
        if (entries == null) {
            throw new ParseException("no \"keys\" member", 0);
        }
        Map<String, List<VerificationKey>> byKid = new HashMap<>();
        VerificationKey last = null;
        int size = 0;
        for (int i = 0; i < entries.size(); i++) {
            if (!(entries.get(i) instanceof Map<?, ?> entry)) {
                log.warn("jwks {}: keys[{}] skipped: not an object", source, i);
                continue;
            }
            try {
                @SuppressWarnings("unchecked")
                JWK jwk = JWK.parse((Map<String, Object>) entry);
                VerificationKey key = KeyMaterial.jwk(jwk);
                String kid = jwk.getKeyID() == null ? NO_KID : jwk.getKeyID();
                byKid.computeIfAbsent(kid, k -> new ArrayList<>()).add(key);
                last = key;
                size++;
            } catch (KeyProblem problem) {
                log.info("jwks {}: keys[{}] skipped: {}", source, i, problem.getMessage());
            } catch (ParseException | RuntimeException e) {
                log.warn("jwks {}: keys[{}] skipped: not a valid JWK", source, i);
            }
        }
        Map<String, List<VerificationKey>> frozen = new HashMap<>();
        for (Map.Entry<String, List<VerificationKey>> entry : byKid.entrySet()) {
            frozen.put(entry.getKey(), List.copyOf(entry.getValue()));
        }
        return new JwksKeys(frozen, size == 1 ? last : null, size, now);
    }
}
