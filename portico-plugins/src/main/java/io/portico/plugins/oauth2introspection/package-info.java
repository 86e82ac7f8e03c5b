/**
 * {@code oauth2-introspection}: accepts a bearer token when the authorization server says it is
 * active (RFC 7662), caches what the server said, and checks required scopes (RFC 6750).
 *
 * <p>Threading: the introspection call starts in the {@code rewrite} phase, which waits for it with
 * {@link io.portico.plugin.Action#await}; the {@code authenticate} phase then reads the settled result
 * on the event loop, where it may change the exchange. The cache is bounded and keyed by the token's
 * SHA-256, so it never holds a token; concurrent requests with the same uncached token share one call.
 */
package io.portico.plugins.oauth2introspection;
