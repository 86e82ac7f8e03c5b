/**
 * The admin API on {@code admin.listen}: a small HTTP/1.1 server with an event loop of its own, so that
 * nothing it does can slow the proxy's loops. It reads the gateway's current snapshot for each request
 * (a reload is visible at once) and never changes it. Endpoints that wait ({@code GET /metrics} and
 * {@code GET /status}, which count connections on the gateway's event loops) run on one admin worker
 * thread with a bounded queue, never on the admin event loop.
 *
 * <p>Security: when {@code admin.token} is set, every request needs {@code Authorization: Bearer <token>},
 * compared in constant time, except the health endpoints ({@code /health}, {@code /health/live},
 * {@code /health/ready}), which orchestrators probe and which tell nothing but live and ready. The
 * configuration refuses a non-loopback {@code admin.listen} without a token. The token is never logged nor
 * echoed.
 *
 * <p>Endpoints: {@code GET /routes/{name}/chain[?consumer=NAME]}, {@code GET /consumers/{name}/usage},
 * {@code GET /metrics}, {@code GET /status}, {@code GET /health[/live|/ready]}. Errors are the JSON
 * documents of DESIGN §4.
 */
package io.portico.admin;
