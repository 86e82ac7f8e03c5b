package io.portico.plugins.opentelemetry;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.HttpTokens;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginType;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code opentelemetry}: W3C Trace Context propagation and OTLP/HTTP (JSON) export, with Kong's keys
 * ({@code endpoint}, {@code headers}, {@code resource_attributes}, {@code sampling_rate},
 * {@code batch_span_count}, {@code batch_flush_delay}) plus {@code max_queued_spans} and {@code timeout}.
 * The type keeps the exporters, so that queued spans survive configuration reloads, and flushes them
 * when the gateway stops.
 */
public final class OpenTelemetryPluginType implements PluginType<OpenTelemetryConfig> {

    static final String NAME = "opentelemetry";
    /** Just below correlation-id (100001): the trace starts before any other plugin runs. */
    static final int PRIORITY = 100000;

    static final int DEFAULT_BATCH_SPAN_COUNT = 200;
    static final Duration DEFAULT_BATCH_FLUSH_DELAY = Duration.ofSeconds(3);
    static final int DEFAULT_MAX_QUEUED_SPANS = 10_000;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_BATCH_SPAN_COUNT = 10_000;
    static final int MAX_QUEUED_SPANS = 1_000_000;
    /** How long a stopping gateway waits for queued spans to be sent. */
    static final Duration CLOSE_BUDGET = Duration.ofSeconds(5);

    static final String ENDPOINT_RULE = "an http or https URL such as http://127.0.0.1:4318/v1/traces";
    static final String HEADER_NAME_RULE = "a header name other than Content-Type, Host, Content-Length, "
            + "Connection, Expect, Upgrade and other hop-by-hop headers";
    static final String HEADER_VALUE_RULE = "text without control characters";
    static final String ATTRIBUTE_VALUE_RULE = "text, a number or true/false";
    static final String DEFAULT_SERVICE_NAME = "portico";

    /** Set by Portico for every export, or refused by the JDK's HTTP client. */
    private static final Set<String> RESERVED_HEADERS = Set.of("content-type", "content-length", "host", "connection",
            "expect", "upgrade", "transfer-encoding", "te", "trailer", "keep-alive", "proxy-connection");

    private final SpanExporters exporters = new SpanExporters(scopeVersion(), RetryPolicy.DEFAULT);

    public OpenTelemetryPluginType() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Phase> phases() {
        return Set.of(Phase.REWRITE, Phase.UPSTREAM_ATTEMPT, Phase.LOG);
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public OpenTelemetryConfig readConfig(ConfigReader config) {
        URI endpoint = endpoint(config);
        Map<String, String> headers = headers(config.section("headers"));
        List<SpanAttribute> resourceAttributes = resourceAttributes(config.section("resource_attributes"));
        double samplingRate = samplingRate(config);
        int batchSpanCount = config.integer("batch_span_count", DEFAULT_BATCH_SPAN_COUNT, 1, MAX_BATCH_SPAN_COUNT);
        Duration batchFlushDelay = config.duration("batch_flush_delay", DEFAULT_BATCH_FLUSH_DELAY);
        int maxQueuedSpans = config.integer("max_queued_spans", DEFAULT_MAX_QUEUED_SPANS, 1, MAX_QUEUED_SPANS);
        if (maxQueuedSpans < batchSpanCount) {
            config.expected("max_queued_spans", ">= batch_span_count (" + batchSpanCount + ")");
        }
        Duration timeout = config.duration("timeout", DEFAULT_TIMEOUT);
        return new OpenTelemetryConfig(new ExportSettings(endpoint, headers, resourceAttributes, batchSpanCount,
                batchFlushDelay, maxQueuedSpans, timeout), samplingRate);
    }

    @Override
    public Plugin create(OpenTelemetryConfig config, PluginContext context) {
        SpanExporter exporter = exporters.exporter(config.export(), ExportMetrics.register(context.metrics()));
        return new OpenTelemetryPlugin(new Sampler(config.samplingRate()), exporter);
    }

    /** Sends what is queued (within {@link #CLOSE_BUDGET}) and stops the workers; the next gateway starts anew. */
    @Override
    public void close() {
        exporters.close(CLOSE_BUDGET);
    }

    private static URI endpoint(ConfigReader config) {
        String text = config.requiredString("endpoint", ENDPOINT_RULE);
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getRawUserInfo() == null && uri.getRawFragment() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        config.expected("endpoint", ENDPOINT_RULE);
        return null;
    }

    /** Values are often credentials: a message shows {@code <hidden>} in their place. */
    private static Map<String, String> headers(ConfigReader headers) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : headers.keys()) {
            Object value = headers.value(name);
            if (!HttpTokens.isToken(name) || RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))
                    || !acceptedByHttpClient(name, "x")) {
                headers.problem(name, quote(name) + " (expected: " + HEADER_NAME_RULE + ")");
            } else if (!(value instanceof String text) || !isFieldValue(text) || !acceptedByHttpClient(name, text)) {
                headers.problem(name, "<hidden> (expected: " + HEADER_VALUE_RULE + ")");
            } else {
                out.put(name, text);
            }
        }
        return out;
    }

    /** The JDK client refuses some names (its restricted headers) and values when a request is built. */
    private static boolean acceptedByHttpClient(String name, String value) {
        try {
            HttpRequest.newBuilder().header(name, value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Visible ASCII, spaces and tabs (and obs-text), with no leading or trailing whitespace: an HTTP field value. */
    private static boolean isFieldValue(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\t' && (c < 0x20 || c == 0x7f || c > 0xff)) {
                return false;
            }
        }
        return text.isEmpty() || text.charAt(0) > ' ' && text.charAt(text.length() - 1) > ' ';
    }

    /** {@code service.name} first, {@code portico} unless configured; the others as written. */
    private static List<SpanAttribute> resourceAttributes(ConfigReader attributes) {
        List<SpanAttribute> out = new ArrayList<>();
        out.add(SpanAttribute.of("service.name", DEFAULT_SERVICE_NAME));
        for (String key : attributes.keys()) {
            Object value = attributes.value(key);
            SpanAttribute attribute = attribute(key, value);
            if (key.isEmpty() || attribute == null) {
                attributes.expected(key, key.isEmpty() ? "a non-empty attribute name" : ATTRIBUTE_VALUE_RULE);
            } else if (key.equals("service.name")) {
                if (!(value instanceof String text) || text.isEmpty()) {
                    attributes.expected(key, "a non-empty service name");
                } else {
                    out.set(0, attribute);
                }
            } else {
                out.add(attribute);
            }
        }
        return out;
    }

    /** The attribute for a YAML value, or null for a value OTLP cannot carry here (lists, mappings, NaN...). */
    private static SpanAttribute attribute(String key, Object value) {
        if (value instanceof String text) {
            return SpanAttribute.of(key, text);
        }
        if (value instanceof Integer || value instanceof Long) {
            return SpanAttribute.of(key, ((Number) value).longValue());
        }
        if (value instanceof Boolean bool) {
            return SpanAttribute.of(key, bool.booleanValue());
        }
        if (value instanceof Double number && Double.isFinite(number)) {
            return new SpanAttribute(key, number);
        }
        return null;
    }

    /** A number from 0 to 1; {@code ${VARIABLE}} values arrive as text. */
    private static double samplingRate(ConfigReader config) {
        Object value = config.value("sampling_rate");
        if (value == null) {
            return 1;
        }
        double rate = Double.NaN;
        if (value instanceof Number number) {
            rate = number.doubleValue();
        } else if (value instanceof String text) {
            try {
                rate = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        if (!(rate >= 0 && rate <= 1)) {
            config.expected("sampling_rate", "a number between 0 and 1");
            return 1;
        }
        return rate;
    }

    /** Quoted and escaped, so that a name cannot break a message apart. */
    private static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** Portico's version from the jar's manifest, as {@code portico version} prints it. */
    private static String scopeVersion() {
        String version = OpenTelemetryPluginType.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }
}
