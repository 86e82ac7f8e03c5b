/**
 * The {@code deprecation} plugin: tells clients that an API (version) is deprecated and when it goes
 * away, with the {@code Deprecation} (RFC 9745), {@code Sunset} (RFC 8594) and {@code Link} response
 * headers.
 */
package io.portico.plugins.deprecation;
