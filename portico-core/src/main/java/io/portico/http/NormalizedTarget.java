package io.portico.http;

/**
 * A request-target split and normalized by {@link PathNormalizer}.
 *
 * @param path the normalized path, or {@code *} for an asterisk-form target
 * @param query the raw text after the first {@code ?}, or null when there is no {@code ?}
 */
public record NormalizedTarget(String path, String query) {}
