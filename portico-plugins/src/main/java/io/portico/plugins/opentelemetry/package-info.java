/**
 * The {@code opentelemetry} plugin: W3C Trace Context propagation and OTLP/HTTP (JSON) export of one
 * server span per request and one client span per upstream try, without the OpenTelemetry SDK.
 *
 * <p>The request path only parses and formats {@code traceparent} and, in the log phase, builds the
 * spans and hands them to a {@link io.portico.plugins.opentelemetry.SpanExporter} through a lock-free
 * bounded queue. Encoding and the POSTs run on the exporter's own worker thread; exporters outlive
 * configuration reloads and belong to the plugin type, which flushes them when the gateway stops.
 */
package io.portico.plugins.opentelemetry;
