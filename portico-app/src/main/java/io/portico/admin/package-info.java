/**
 * The admin API on {@code admin.listen}: a small HTTP/1.1 server with an event loop of its own, so that
 * nothing it does can slow the proxy's loops. It reads the gateway's current snapshot for each request
 * (a reload is visible at once) and never changes it.
 *
 * <p>Security: when {@code admin.token} is set, every request needs {@code Authorization: Bearer <token>},
 * compared in constant time; the configuration refuses a non-loopback {@code admin.listen} without a token.
 * The token is never logged nor echoed.
 *
 * <p>Endpoints so far: {@code GET /routes/{name}/chain[?consumer=NAME]}. Errors are the JSON documents of
 * DESIGN §4.
 */
package io.portico.admin;
