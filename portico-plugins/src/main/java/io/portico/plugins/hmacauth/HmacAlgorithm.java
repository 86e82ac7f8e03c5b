package io.portico.plugins.hmacauth;

import java.util.ArrayList;
import java.util.List;

/** The signature algorithms a client may name, by their names in the Authorization header. */
enum HmacAlgorithm {
    HMAC_SHA1("hmac-sha1", "HmacSHA1"),
    HMAC_SHA256("hmac-sha256", "HmacSHA256"),
    HMAC_SHA384("hmac-sha384", "HmacSHA384"),
    HMAC_SHA512("hmac-sha512", "HmacSHA512");

    /** SHA-1 is accepted only when a configuration lists it. */
    static final List<HmacAlgorithm> DEFAULTS = List.of(HMAC_SHA256, HMAC_SHA384, HMAC_SHA512);

    private final String configName;
    private final String jcaName;

    HmacAlgorithm(String configName, String jcaName) {
        this.configName = configName;
        this.jcaName = jcaName;
    }

    String configName() {
        return configName;
    }

    String jcaName() {
        return jcaName;
    }

    /** The algorithm with this name, or null. */
    static HmacAlgorithm named(String name) {
        for (HmacAlgorithm algorithm : values()) {
            if (algorithm.configName.equals(name)) {
                return algorithm;
            }
        }
        return null;
    }

    static List<String> configNames(List<HmacAlgorithm> algorithms) {
        List<String> names = new ArrayList<>(algorithms.size());
        for (HmacAlgorithm algorithm : algorithms) {
            names.add(algorithm.configName);
        }
        return names;
    }
}
