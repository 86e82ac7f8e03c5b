package io.portico.plugins.ratelimiting;

/** How requests are counted against a limit. */
enum Algorithm {
    /** The weighted two-window approximation (Cloudflare's, Kong's): previous count × overlap + current. */
    SLIDING_WINDOW("sliding-window"),
    /** A counter per epoch-aligned window; up to twice the limit may pass around a window boundary. */
    FIXED_WINDOW("fixed-window"),
    /** Refills at count per period up to {@code burst} tokens; one request takes one token. */
    TOKEN_BUCKET("token-bucket");

    private final String configName;

    Algorithm(String configName) {
        this.configName = configName;
    }

    String configName() {
        return configName;
    }

    static Algorithm named(String configName) {
        for (Algorithm algorithm : values()) {
            if (algorithm.configName.equals(configName)) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("algorithm: " + configName);
    }
}
