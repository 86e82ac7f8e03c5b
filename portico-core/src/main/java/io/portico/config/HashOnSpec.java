package io.portico.config;

/**
 * {@code hash_on} of a consistent-hash upstream: {@code ip}, {@code consumer}, {@code path},
 * {@code header:NAME} or {@code cookie:NAME}.
 *
 * @param name header or cookie name (header names lower-cased), null for the other kinds
 */
public record HashOnSpec(Kind kind, String name) {

    public enum Kind { IP, CONSUMER, PATH, HEADER, COOKIE }

    public static final HashOnSpec IP = new HashOnSpec(Kind.IP, null);
}
