package io.portico.plugin;

import java.util.Set;

/**
 * A kind of plugin, such as {@code key-auth}: one instance per process, found by {@link
 * java.util.ServiceLoader}. It may keep state that should outlive a configuration reload (caches of
 * fetched keys, for example); {@link Plugin} instances are created for every configuration.
 *
 * @param <C> the plugin's config, as read by {@link #readConfig}
 */
public interface PluginType<C> {

    /** The kebab-case name used in configuration, e.g. {@code key-auth}. */
    String name();

    /** The phases this plugin runs in; {@link Plugin}'s methods for other phases are never called. */
    Set<Phase> phases();

    /**
     * The phases one configuration runs in, a subset of {@link #phases()}: a plugin whose configuration
     * leaves a phase unused says so, so that its routes do not pay for it (a response-body phase makes
     * the core buffer bodies). The default is every declared phase.
     */
    default Set<Phase> phases(C config) {
        return phases();
    }

    /** The default priority within each phase (higher runs first); a config may override it. */
    int priority();

    /**
     * Reads and checks the {@code config:} mapping. Problems are reported on the reader (all of them,
     * not just the first); when any was reported the returned value is ignored. Read every key
     * unconditionally: keys that are not read are reported as unknown.
     */
    C readConfig(ConfigReader config);

    /**
     * Makes the plugin for one configured place (global, a service, a route, a consumer). Called when
     * a configuration is compiled, off the event loops.
     */
    Plugin create(C config, PluginContext context);

    /**
     * The credentials this plugin finds consumers by, written under {@code consumers[].credentials.<name>};
     * null (the default) for plugins without credentials.
     */
    default CredentialType<?> credentialType() {
        return null;
    }

    /**
     * The gateway stopped (after in-flight requests finished): flush and release what this type keeps
     * across configurations (log files, export queues). A gateway started later with the same type
     * may use it again, so what is released must be re-creatable.
     */
    default void close() {}
}
