/**
 * Plugin chains: which configured plugins apply to a route (and to a route and consumer), in which
 * phase and order, compiled when a configuration is loaded so that requests only walk arrays.
 *
 * <p>For one plugin name exactly one configuration applies, the most specific: consumer+route >
 * consumer > route > service > global. Inside a phase, plugins run by priority (higher first), then
 * by name. Consumer-scoped plugins only run in the phases after authentication, so a request starts
 * on its route's chain and switches to the route+consumer chain once a consumer is known.
 */
package io.portico.chain;
