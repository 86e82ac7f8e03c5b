/**
 * Portico's built-in plugins, one package each, written against {@code io.portico.plugin} only and
 * found through {@code META-INF/services/io.portico.plugin.PluginType}.
 */
package io.portico.plugins;
