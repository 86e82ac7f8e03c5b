/**
 * {@code hmac-auth}: identifies a consumer by an HMAC signature of selected request headers and the
 * request line (Kong's scheme), sent as {@code Authorization: hmac username="...", algorithm="...",
 * headers="...", signature="..."}. The request date must be signed and within {@code clock_skew}.
 *
 * <p>Runs entirely on the event loop: one HMAC per request, no blocking work.
 */
package io.portico.plugins.hmacauth;
