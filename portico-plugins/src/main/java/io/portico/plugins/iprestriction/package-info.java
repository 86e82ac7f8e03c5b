/**
 * The {@code ip-restriction} plugin: allows or denies requests by the client's address, matched
 * against IPv4 and IPv6 CIDR blocks. The client's address is the one the core worked out, which
 * honours {@code proxy.trusted_proxies}: a client's own {@code X-Forwarded-For} counts for nothing.
 */
package io.portico.plugins.iprestriction;
