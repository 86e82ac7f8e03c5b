package io.portico.plugins.logging;

import io.portico.plugin.AttemptResult;
import io.portico.plugin.Completed;
import io.portico.plugins.json.JsonStrings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A {@link LogEntry} as JSON, in the shape of Kong's log serializer: one object per request. Runs on
 * the writer threads, never on an event loop; this is where masking is applied. Field by field:
 *
 * <pre>
 * {"time":"2026-11-22T10:15:30.123Z","started_at":1795342530123,"request_id":"…","client_ip":"…",
 *  "request":{"method":"GET","uri":"/p?q=1","url":"http://host/p?q=1","host":"host","headers":{…},"size":0},
 *  "response":{"status":200,"headers":{…},"size":12},
 *  "latencies":{"request":1.234,"proxy":0.200,"upstream":1.034},
 *  "route":{"name":"r"},"service":{"name":"s"},"consumer":{"username":"alice"},
 *  "upstream":{"target":"10.0.0.1:8080","tries":[{"target":"10.0.0.1:8080","status":200,"failure":null,"latency_ms":1.020}]}}
 * </pre>
 */
public final class LogJson {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private LogJson() {}

    /** One entry and a newline, in UTF-8: a line of a log file. */
    public static byte[] line(LogEntry entry) {
        StringBuilder out = new StringBuilder(1024);
        append(out, entry);
        out.append('\n');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The entries as one JSON array, in UTF-8: a batch for an HTTP endpoint. */
    public static byte[] array(List<LogEntry> entries) {
        StringBuilder out = new StringBuilder(1024 * entries.size() + 2);
        out.append('[');
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            append(out, entries.get(i));
        }
        out.append(']');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Appends one entry as a JSON object. */
    public static void append(StringBuilder out, LogEntry entry) {
        Completed completed = entry.completed;
        Masking masking = entry.fields.masking();
        long startedAtMillis = Math.floorDiv(completed.receivedAtEpochNanos(), 1_000_000L);
        out.append("{\"time\":\"");
        TIME.formatTo(Instant.ofEpochMilli(startedAtMillis), out);
        out.append("\",\"started_at\":").append(startedAtMillis);
        out.append(",\"request_id\":");
        JsonStrings.append(out, entry.requestId);
        out.append(",\"client_ip\":");
        JsonStrings.append(out, entry.clientIp);
        request(out, entry, masking);
        response(out, entry, masking);
        latencies(out, completed);
        out.append(",\"route\":{\"name\":");
        JsonStrings.append(out, entry.route);
        out.append("},\"service\":");
        nameOrNull(out, "name", entry.service);
        out.append(",\"consumer\":");
        nameOrNull(out, "username", entry.consumer);
        upstream(out, completed);
        out.append('}');
    }

    private static void request(StringBuilder out, LogEntry entry, Masking masking) {
        String query = masking.query(entry.query);
        String uri = query == null ? entry.path : entry.path + "?" + query;
        out.append(",\"request\":{\"method\":");
        JsonStrings.append(out, entry.method);
        out.append(",\"uri\":");
        JsonStrings.append(out, uri);
        out.append(",\"url\":");
        JsonStrings.append(out, entry.host == null ? null : "http://" + entry.host + uri);
        out.append(",\"host\":");
        JsonStrings.append(out, entry.host);
        if (entry.requestHeaders != null) {
            out.append(",\"headers\":");
            headers(out, entry.requestHeaders, masking);
        }
        out.append(",\"size\":").append(entry.completed.bytesIn()).append('}');
    }

    private static void response(StringBuilder out, LogEntry entry, Masking masking) {
        out.append(",\"response\":{\"status\":").append(entry.completed.status());
        if (entry.responseHeaders != null) {
            out.append(",\"headers\":");
            headers(out, entry.responseHeaders, masking);
        }
        out.append(",\"size\":").append(entry.completed.bytesOut()).append('}');
    }

    /** Milliseconds; proxy is the time spent in Portico (request minus upstream), as Kong counts it. */
    private static void latencies(StringBuilder out, Completed completed) {
        long request = completed.durationNanos();
        long upstream = completed.upstreamLatencyNanos();
        out.append(",\"latencies\":{\"request\":");
        millis(out, request);
        out.append(",\"proxy\":");
        millis(out, upstream < 0 ? request : Math.max(0, request - upstream));
        out.append(",\"upstream\":");
        if (upstream < 0) {
            out.append("null");
        } else {
            millis(out, upstream);
        }
        out.append('}');
    }

    private static void upstream(StringBuilder out, Completed completed) {
        out.append(",\"upstream\":");
        List<AttemptResult> attempts = completed.attempts();
        if (completed.target() == null && attempts.isEmpty()) {
            out.append("null");
            return;
        }
        out.append("{\"target\":");
        JsonStrings.append(out, completed.target());
        out.append(",\"tries\":[");
        for (int i = 0; i < attempts.size(); i++) {
            AttemptResult attempt = attempts.get(i);
            out.append(i == 0 ? "{" : ",{").append("\"target\":");
            JsonStrings.append(out, attempt.target());
            out.append(",\"status\":");
            if (attempt.status() == 0) {
                out.append("null");
            } else {
                out.append(attempt.status());
            }
            out.append(",\"failure\":");
            JsonStrings.append(out, attempt.failure());
            out.append(",\"latency_ms\":");
            millis(out, attempt.durationNanos());
            out.append('}');
        }
        out.append("]}");
    }

    /**
     * {@code {"name":"value"}}, or a list for a header sent several times. Names are lower-case, as
     * Kong logs them; names that differ only in case are merged.
     */
    private static void headers(StringBuilder out, CapturedHeaders headers, Masking masking) {
        out.append('{');
        Set<String> seen = new HashSet<>();
        boolean first = true;
        for (int i = 0; i < headers.names.length; i++) {
            String name = headers.names[i].toLowerCase(Locale.ROOT);
            String[] values = headers.values[i];
            if (values.length == 0 || !seen.add(name)) {
                continue;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            JsonStrings.append(out, name);
            out.append(':');
            if (values.length == 1) {
                JsonStrings.append(out, masking.header(name, values[0]));
                continue;
            }
            out.append('[');
            for (int v = 0; v < values.length; v++) {
                if (v > 0) {
                    out.append(',');
                }
                JsonStrings.append(out, masking.header(name, values[v]));
            }
            out.append(']');
        }
        out.append('}');
    }

    private static void nameOrNull(StringBuilder out, String key, String value) {
        if (value == null) {
            out.append("null");
            return;
        }
        out.append("{\"").append(key).append("\":");
        JsonStrings.append(out, value);
        out.append('}');
    }

    /** Milliseconds with three decimals, as the access log writes them. */
    private static void millis(StringBuilder out, long nanos) {
        long micros = Math.max(0, nanos) / 1_000;
        long fraction = micros % 1_000;
        out.append(micros / 1_000).append('.');
        if (fraction < 100) {
            out.append(fraction < 10 ? "00" : "0");
        }
        out.append(fraction);
    }
}
