package io.portico.config;

/**
 * The {@code admin:} section.
 *
 * @param listen where the admin API listens (loopback unless a token is set)
 * @param token  bearer token, or null when none is configured; never logged
 */
public record AdminSpec(HostPort listen, String token) {

    @Override
    public String toString() {
        return "AdminSpec[listen=" + listen + ", token=" + (token == null ? "none" : "<redacted>") + "]";
    }
}
