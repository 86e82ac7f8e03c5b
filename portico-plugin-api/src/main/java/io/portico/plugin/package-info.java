/**
 * The plugin API: everything a plugin sees, and nothing of the core. A plugin is a {@link PluginType}
 * (its name, phases, default priority, how to read its config and, for authentication plugins, its
 * consumer credentials) that creates a {@link Plugin} for each place the plugin is configured.
 *
 * <p>Threading: every {@link Plugin} method runs on the request's event loop and must not block. Slow
 * work goes to {@link PluginContext#blockingExecutor()} or an asynchronous client, and the phase
 * returns {@link Action#await}; the request resumes on its event loop when the stage completes.
 *
 * <p>Built-in plugins are found with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/io.portico.plugin.PluginType}; see {@code docs/plugins.md}.
 */
package io.portico.plugin;
