package io.portico.config;

import java.util.List;

/** One entry of {@code upstreams:}, a named pool of targets. */
public record UpstreamSpec(
        String name,
        Algorithm algorithm,
        HashOnSpec hashOn,
        List<TargetSpec> targets,
        HealthChecksSpec healthChecks) {

    public UpstreamSpec {
        targets = List.copyOf(targets);
    }

    /** Load-balancing algorithms, by their config names. */
    public enum Algorithm {
        ROUND_ROBIN("round-robin"),
        LEAST_CONNECTIONS("least-connections"),
        CONSISTENT_HASH("consistent-hash"),
        P2C_EWMA("p2c-ewma");

        private final String configName;

        Algorithm(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        /** The algorithm with this config name, or null. */
        public static Algorithm fromConfigName(String name) {
            for (Algorithm a : values()) {
                if (a.configName.equals(name)) {
                    return a;
                }
            }
            return null;
        }
    }
}
