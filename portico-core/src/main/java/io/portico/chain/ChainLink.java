package io.portico.chain;

import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.RouteInfo;
import java.util.Set;

/**
 * One configured plugin as chains use it.
 *
 * @param source   where its configuration is written: {@code plugins[0]}, {@code services[users]},
 *                 {@code routes[users-v1]}, {@code consumers[alice]}
 * @param priority the configured priority, or the plugin type's default
 */
public record ChainLink(String name, Set<Phase> phases, Scope scope, String source, int priority, Plugin plugin) {

    public ChainLink {
        phases = Set.copyOf(phases);
    }

    /** This link as it serves {@code route}: the plugin's {@link Plugin#forRoute} (this link when unchanged). */
    public ChainLink forRoute(RouteInfo route) {
        Plugin specialized = plugin.forRoute(route);
        return specialized == plugin ? this : new ChainLink(name, phases, scope, source, priority, specialized);
    }
}
