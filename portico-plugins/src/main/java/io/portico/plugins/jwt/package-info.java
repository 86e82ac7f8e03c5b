/**
 * The {@code jwt} plugin: finds a signed JSON Web Token in the request (a bearer header, a query
 * parameter or a cookie), verifies it with a key Portico already trusts (a consumer's {@code jwt}
 * credential, or an identity provider's JWKS), checks its time and audience claims, and names the
 * consumer.
 *
 * <p>Trust comes from configuration only: the algorithm is the key's, never the token's choice;
 * headers that point at other keys ({@code jku}, {@code x5u}, {@code jwk}, {@code x5c}) and
 * {@code crit} extensions are refused; {@code kid} is only a lookup key.
 *
 * <p>Threading: the plugin runs on event loops and never blocks. JWKS documents are fetched with the
 * asynchronous HTTP client; the request that needs them waits with {@code Action.await} in the
 * rewrite phase, so that everything that touches the exchange (consumer, headers) happens on the
 * event loop in the authenticate phase. Verified tokens are cached by their SHA-256.
 */
package io.portico.plugins.jwt;
