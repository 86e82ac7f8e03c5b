/**
 * JSON string quoting for the built-in plugins that write JSON by hand (the log plugins' entries, the
 * OTLP/JSON export of {@code opentelemetry}). The core has its own ({@code io.portico.json}); plugins
 * know only the plugin API, so they keep this one.
 */
package io.portico.plugins.json;
