package io.portico.plugins.deprecation;

import java.time.Instant;

/**
 * The {@code deprecation} config. At least one of the two instants is set.
 *
 * @param deprecatedAt when the resource was (or will be) deprecated, or null
 * @param sunset       when it stops answering, or null
 * @param link         where the deprecation is documented, or null
 * @param sunsetLink   where the sunset policy is documented, or null
 */
record DeprecationConfig(Instant deprecatedAt, Instant sunset, String link, String sunsetLink) {}
