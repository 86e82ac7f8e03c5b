package io.portico.plugins.opentelemetry;

import io.portico.plugins.json.JsonStrings;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes an OTLP {@code ExportTraceServiceRequest} in OTLP/JSON (the protobuf JSON mapping with OTLP's
 * exceptions): one {@code resourceSpans} entry with the resource's attributes, one {@code scopeSpans}
 * entry for scope {@code portico}, ids as lower-case hex, 64-bit integers (times, {@code intValue}) as
 * decimal strings, enums as integers. Written by hand rather than through a JSON library: the shape
 * is fixed and small, and this runs for every batch. Immutable; runs on the exporter's thread.
 */
final class OtlpJsonEncoder {

    static final String SCOPE_NAME = "portico";

    private final String resourceJson;
    private final String scopeJson;

    OtlpJsonEncoder(List<SpanAttribute> resourceAttributes, String scopeVersion) {
        StringBuilder resource = new StringBuilder("{\"resourceSpans\":[{\"resource\":{\"attributes\":");
        attributes(resource, resourceAttributes);
        this.resourceJson = resource.append("},\"scopeSpans\":[{").toString();
        StringBuilder scope = new StringBuilder("\"scope\":{\"name\":");
        JsonStrings.append(scope, SCOPE_NAME);
        if (scopeVersion != null) {
            JsonStrings.append(scope.append(",\"version\":"), scopeVersion);
        }
        this.scopeJson = scope.append("},\"spans\":[").toString();
    }

    byte[] encode(List<Span> spans) {
        StringBuilder out = new StringBuilder(resourceJson.length() + 64 + spans.size() * 768);
        out.append(resourceJson).append(scopeJson);
        for (int i = 0; i < spans.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            span(out, spans.get(i));
        }
        return out.append("]}]}]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void span(StringBuilder out, Span span) {
        out.append("{\"traceId\":\"");
        TraceIds.appendHex(TraceIds.appendHex(out, span.traceIdHigh()), span.traceIdLow());
        TraceIds.appendHex(out.append("\",\"spanId\":\""), span.spanId()).append('"');
        if (span.parentSpanId() != 0) {
            TraceIds.appendHex(out.append(",\"parentSpanId\":\""), span.parentSpanId()).append('"');
        }
        if (span.traceState() != null) {
            JsonStrings.append(out.append(",\"traceState\":"), span.traceState());
        }
        JsonStrings.append(out.append(",\"name\":"), span.name());
        out.append(",\"kind\":").append(span.kind().otlpCode())
                .append(",\"startTimeUnixNano\":\"").append(span.startEpochNanos())
                .append("\",\"endTimeUnixNano\":\"").append(span.endEpochNanos()).append("\",\"attributes\":");
        attributes(out, span.attributes());
        out.append(",\"status\":{");
        if (span.status() != SpanStatus.UNSET) {
            out.append("\"code\":").append(span.status().otlpCode());
            if (span.statusMessage() != null) {
                JsonStrings.append(out.append(",\"message\":"), span.statusMessage());
            }
        }
        out.append("}}");
    }

    private static void attributes(StringBuilder out, List<SpanAttribute> attributes) {
        out.append('[');
        for (int i = 0; i < attributes.size(); i++) {
            SpanAttribute attribute = attributes.get(i);
            if (i > 0) {
                out.append(',');
            }
            JsonStrings.append(out.append("{\"key\":"), attribute.key());
            out.append(",\"value\":{");
            Object value = attribute.value();
            if (value instanceof String text) {
                JsonStrings.append(out.append("\"stringValue\":"), text);
            } else if (value instanceof Long number) {
                out.append("\"intValue\":\"").append(number.longValue()).append('"');
            } else if (value instanceof Boolean bool) {
                out.append("\"boolValue\":").append(bool.booleanValue());
            } else {
                doubleValue(out, (Double) value);
            }
            out.append("}}");
        }
        out.append(']');
    }

    /** Proto3 JSON: a number, or the strings NaN, Infinity, -Infinity, which JSON has no numbers for. */
    private static void doubleValue(StringBuilder out, double value) {
        out.append("\"doubleValue\":");
        if (Double.isNaN(value)) {
            out.append("\"NaN\"");
        } else if (Double.isInfinite(value)) {
            out.append(value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        } else {
            out.append(value);
        }
    }
}
