package io.portico.plugin;

/**
 * A route a plugin serves, as given to {@link Plugin#forRoute} when a configuration is compiled.
 *
 * @param name    the route's configured name
 * @param service its service's name, or null for a route that answers by itself
 */
public record RouteInfo(String name, String service) {}
