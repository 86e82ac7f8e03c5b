package io.portico.plugins.httplog;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.HttpTokens;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginType;
import io.portico.plugins.logging.LogFields;
import io.portico.plugins.logging.LogMetrics;
import io.portico.plugins.logging.LogPlugin;
import io.portico.plugins.logging.LogSinks;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code http-log}: Kong's keys ({@code http_endpoint}, {@code method}, {@code content_type},
 * {@code timeout}, {@code headers}, {@code queue}). The type keeps one {@link HttpLogSender} per
 * {@link Delivery} for as long as the gateway runs, shared by every place and configuration with the
 * same endpoint and settings, and its own HTTP client and threads: {@link #close} still flushes after
 * the gateway's shared plugin services have stopped.
 */
public final class HttpLogPluginType implements PluginType<HttpLogConfig> {

    static final String NAME = "http-log";
    /** How long {@link #close} waits for queued entries to be delivered. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    static final List<String> METHODS = List.of("POST", "PUT", "PATCH");
    static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=utf-8");
    /** Set by the HTTP client itself (or by other keys): refused in {@code headers}. */
    private static final Set<String> RESERVED_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "upgrade", "content-type", "transfer-encoding", "te", "keep-alive", "trailer");

    /** A sender still retrying at close's deadline is interrupted: its batch is dropped and counted. */
    private final LogSinks<Delivery, HttpLogSender> senders = new LogSinks<>("portico-http-log", LogSinks.Overrun.INTERRUPT);
    /** Shared by the senders; created on first use, released by close. Guarded by this. */
    private HttpClient client;

    public HttpLogPluginType() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Phase> phases() {
        return LogPlugin.PHASES;
    }

    @Override
    public int priority() {
        return 12; // Kong's
    }

    @Override
    public HttpLogConfig readConfig(ConfigReader config) {
        Endpoint endpoint = endpoint(config);
        String method = config.oneOf("method", "POST", METHODS);
        String contentType = config.oneOf("content_type", "application/json", CONTENT_TYPES);
        Duration timeout = config.duration("timeout", Duration.ofSeconds(10));
        if (timeout.compareTo(Duration.ofMinutes(10)) > 0) {
            config.expected("timeout", "<= 10m");
        }
        Map<String, String> headers = headers(config, endpoint);
        QueueSettings queue = QueueSettings.read(config.section("queue"));
        LogFields fields = LogFields.read(config);
        Delivery delivery = endpoint == null ? null : new Delivery(endpoint, method, contentType, timeout, headers, queue);
        return new HttpLogConfig(delivery, fields);
    }

    @Override
    public synchronized Plugin create(HttpLogConfig config, PluginContext context) {
        HttpLogSender sender = senders.sink(config.delivery(), executor ->
                new HttpLogSender(config.delivery(), client(), executor, LogMetrics.register(context.metrics(), NAME)));
        return new LogPlugin(config.fields(), sender);
    }

    /**
     * Delivers what is queued, retrying failures for 5 s at most in all, then stops the senders; a
     * later create starts afresh.
     */
    @Override
    public void close() {
        synchronized (this) {
            client = null; // its threads end once the closed senders let go of it
        }
        senders.close(CLOSE_TIMEOUT);
    }

    int senders() {
        return senders.size();
    }

    private HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        }
        return client;
    }

    private static Endpoint endpoint(ConfigReader config) {
        String text = config.requiredString("http_endpoint", Endpoint.RULE);
        if (text == null) {
            return null;
        }
        Endpoint endpoint = Endpoint.parse(text);
        if (endpoint == null) {
            // Not expected(): that would print the URL's password, if it has one.
            config.problem("http_endpoint", "\"" + Endpoint.redact(text) + "\" (expected: " + Endpoint.RULE + ")");
        }
        return endpoint;
    }

    /** Names are checked; values are never shown in messages (they are often tokens). */
    private static Map<String, String> headers(ConfigReader config, Endpoint endpoint) {
        if (config.value("headers") instanceof String) {
            config.problem("headers", "text (expected: a mapping of header names to values)");
            return Map.of();
        }
        ConfigReader section = config.section("headers");
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : section.keys()) {
            String lower = name.toLowerCase(Locale.ROOT);
            Object value = section.value(name);
            if (!HttpTokens.isToken(name)) {
                section.problem(name, "not a header name (expected: a header name)");
            } else if (RESERVED_HEADERS.contains(lower)) {
                section.problem(name, "set by the HTTP client or by content_type (expected: another header name)");
            } else if (lower.equals("authorization") && endpoint != null && endpoint.authorization() != null) {
                section.problem(name, "set together with user information in http_endpoint (expected: one of the two)");
            } else if (!(value instanceof String text) || !validValue(text)) {
                section.problem(name, "not a header value (expected: text without line breaks)");
            } else {
                headers.put(name, text);
            }
        }
        return headers;
    }

    private static boolean validValue(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c > 0xff) {
                return false;
            }
        }
        return true;
    }
}
