package io.portico.plugins.opentelemetry;

/**
 * The {@code opentelemetry} config.
 *
 * @param export       where and how spans are sent; equal settings share one exporter
 * @param samplingRate the fraction of new traces recorded, 0 to 1; an incoming parent's decision wins
 */
record OpenTelemetryConfig(ExportSettings export, double samplingRate) {}
