/**
 * The route index: which configured route a request gets, decided without scanning the routes.
 *
 * <p>{@link io.portico.routing.RouteTable} is compiled once per configuration from
 * {@link io.portico.config.RouteSpec}s and is immutable afterwards, so every event loop reads it
 * without locks and a reload swaps in a new table. Routes are bucketed by host (exact names,
 * wildcard suffixes, no host); inside a bucket a segment trie holds prefix and template paths, a
 * map holds exact paths, and a list holds regex paths. The package is generic in the routed value
 * and knows nothing about proxies. Ranking rules and examples: {@code docs/routing.md}.
 */
package io.portico.routing;
