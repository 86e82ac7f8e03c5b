package io.portico.config;

import io.portico.net.CidrSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Binds {@code services:}; a service URL's host must name an upstream unless it carries a port. */
final class ServiceBinder {

    static final List<String> KEYS = List.of("name", "url", "connect_timeout", "read_timeout", "retries", "circuit_breaker",
            "plugins");
    static final List<String> RETRY_KEYS = List.of("attempts", "on", "budget_percent", "min_retries_per_second");
    static final List<String> CIRCUIT_BREAKER_KEYS = List.of("failure_rate", "minimum_calls", "window", "open_for",
            "half_open_calls", "on", "fallback");
    static final int MAX_ATTEMPTS = 10;
    /** The window is summed on every failure, one counter per second: bounded so that stays cheap. */
    static final Duration MAX_CIRCUIT_WINDOW = Duration.ofMinutes(10);
    static final int MAX_HALF_OPEN_CALLS = 1000;
    static final String FAILURE_RATE_RULE = "a percentage such as \"50%\", 1%..100%";
    static final String WINDOW_RULE = "whole seconds, 1s.." + MAX_CIRCUIT_WINDOW.toMinutes() + "m";
    static final String URL_RULE = "http://HOST[:PORT][/path]";

    private final Binder binder;
    private final Set<String> upstreamNames;
    private final PluginBinder plugins;

    ServiceBinder(Binder binder, Set<String> upstreamNames, PluginBinder plugins) {
        this.binder = binder;
        this.upstreamNames = upstreamNames;
        this.plugins = plugins;
    }

    List<ServiceSpec> bindAll(Section root) {
        List<YamlNode> items = root.list("services", "services");
        List<ServiceSpec> services = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Section service = binder.section(items.get(i), "services[" + i + "]", KEYS);
            String name = binder.name(service);
            ServiceSpec spec = bind(service, name);
            if (name != null && binder.unique(names, name, i, service, "services")) {
                services.add(spec);
            }
        }
        return services;
    }

    private ServiceSpec bind(Section service, String name) {
        YamlNode urlNode = service.required("url", URL_RULE);
        ServiceUrl url = urlNode == null ? null : url(urlNode, service.path("url"));
        return new ServiceSpec(name, url,
                service.duration("connect_timeout", Defaults.CONNECT_TIMEOUT),
                service.duration("read_timeout", Defaults.READ_TIMEOUT),
                service.has("retries") ? retries(service.section("retries", RETRY_KEYS)) : RetrySpec.NONE,
                service.has("circuit_breaker") ? circuitBreaker(service.section("circuit_breaker", CIRCUIT_BREAKER_KEYS))
                        : null,
                plugins.bindAll(service));
    }

    private ServiceUrl url(YamlNode node, String path) {
        String text = binder.text(node, path, URL_RULE);
        if (text == null) {
            return null;
        }
        ServiceUrl url;
        try {
            url = parseUrl(text);
        } catch (IllegalArgumentException e) {
            binder.error(path, node, Render.quote(text) + " (expected: " + e.getMessage() + ")");
            return null;
        }
        boolean upstream = upstreamNames.contains(url.host());
        if (upstream && url.port() >= 0) {
            binder.error(path, node, Render.quote(text) + " (expected: no port, because " + url.host()
                    + " names an upstream)");
            return null;
        }
        if (!upstream && url.port() < 0) {
            binder.error(path, node, "unknown upstream " + Render.quote(url.host()) + " (expected "
                    + (upstreamNames.isEmpty() ? "" : "one of: " + String.join(", ", new TreeSet<>(upstreamNames)) + "; or ")
                    + "host:port to connect directly)");
            return null;
        }
        return url;
    }

    /**
     * Parses {@code http://HOST[:PORT][/path]}; the path loses a trailing slash ("/" becomes "").
     *
     * @throws IllegalArgumentException whose message is the rule broken
     */
    static ServiceUrl parseUrl(String text) {
        if (!text.regionMatches(true, 0, "http://", 0, 7)) {
            throw new IllegalArgumentException(URL_RULE + " (only http is supported)");
        }
        if (text.indexOf('?') >= 0 || text.indexOf('#') >= 0) {
            throw new IllegalArgumentException(URL_RULE + " without query or fragment");
        }
        int pathStart = text.indexOf('/', 7);
        String authority = pathStart < 0 ? text.substring(7) : text.substring(7, pathStart);
        String path = pathStart < 0 ? "" : text.substring(pathStart);
        if (authority.indexOf('@') >= 0) {
            throw new IllegalArgumentException(URL_RULE + " without user information");
        }
        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0 || (close + 1 < authority.length() && authority.charAt(close + 1) != ':')) {
                throw new IllegalArgumentException(URL_RULE);
            }
            host = authority.substring(1, close);
            portText = close + 1 < authority.length() ? authority.substring(close + 2) : null;
            if (host.indexOf(':') < 0 || !CidrSet.isValidCidr(host)) {
                throw new IllegalArgumentException(URL_RULE);
            }
        } else {
            int colon = authority.indexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? null : authority.substring(colon + 1);
            if (host.isEmpty() || PathSyntax.hostProblem(host.toLowerCase(Locale.ROOT)) != null || host.startsWith("*")) {
                throw new IllegalArgumentException(URL_RULE + " with a valid host");
            }
        }
        int port = -1;
        if (portText != null) {
            port = portText.isEmpty() || portText.length() > 5 || !portText.chars().allMatch(Character::isDigit)
                    ? 0 : Integer.parseInt(portText);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(URL_RULE + " with a port in 1..65535");
            }
        }
        if (!path.isEmpty()) {
            String problem = PathSyntax.literalProblem(path, false);
            if (problem != null) {
                throw new IllegalArgumentException(URL_RULE + " with " + problem);
            }
        }
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return new ServiceUrl("http", host.toLowerCase(Locale.ROOT), port, path);
    }

    private RetrySpec retries(Section retries) {
        YamlNode attemptsNode = retries.required("attempts", "0.." + MAX_ATTEMPTS);
        Integer attempts = attemptsNode == null ? null
                : binder.integer(attemptsNode, retries.path("attempts"), 0, MAX_ATTEMPTS);
        return new RetrySpec(attempts == null ? 0 : attempts,
                FailureConditionsBinder.bind(retries, "on", Defaults.RETRY_ON),
                retries.integer("budget_percent", Defaults.RETRY_BUDGET_PERCENT, 0, 100),
                retries.integer("min_retries_per_second", Defaults.MIN_RETRIES_PER_SECOND, 0, Integer.MAX_VALUE));
    }

    private CircuitBreakerSpec circuitBreaker(Section breaker) {
        int failureRate = failureRate(breaker);
        int minimumCalls = breaker.integer("minimum_calls", Defaults.CIRCUIT_MINIMUM_CALLS, 1, Integer.MAX_VALUE);
        Duration window = breaker.duration("window", Defaults.CIRCUIT_WINDOW);
        if (window.toNanos() % 1_000_000_000L != 0 || window.compareTo(MAX_CIRCUIT_WINDOW) > 0) {
            binder.error(breaker.path("window"), breaker.node("window"),
                    Render.node(breaker.node("window")) + " (expected: " + WINDOW_RULE + ")");
            window = Defaults.CIRCUIT_WINDOW;
        }
        Duration openFor = breaker.duration("open_for", Defaults.CIRCUIT_OPEN_FOR);
        int halfOpenCalls = breaker.integer("half_open_calls", Defaults.CIRCUIT_HALF_OPEN_CALLS, 1, MAX_HALF_OPEN_CALLS);
        FailureConditions on = FailureConditionsBinder.bind(breaker, "on", Defaults.CIRCUIT_BREAKER_ON, true);
        ResponseSpec fallback = breaker.has("fallback")
                ? ResponseBinder.bind(breaker.section("fallback", ResponseBinder.KEYS), Defaults.CIRCUIT_FALLBACK_STATUS)
                : null;
        return new CircuitBreakerSpec(failureRate, minimumCalls, window, openFor, halfOpenCalls, on, fallback);
    }

    /** {@code "50%"}: a whole percentage 1..100 written with its sign, so that 0.5 and 50 cannot be confused. */
    private int failureRate(Section breaker) {
        YamlNode node = breaker.node("failure_rate");
        if (node == null) {
            return Defaults.CIRCUIT_FAILURE_RATE_PERCENT;
        }
        String text = binder.text(node, breaker.path("failure_rate"), FAILURE_RATE_RULE);
        if (text == null) {
            return Defaults.CIRCUIT_FAILURE_RATE_PERCENT;
        }
        int percent = -1;
        if (text.length() >= 2 && text.length() <= 4 && text.endsWith("%")) {
            String digits = text.substring(0, text.length() - 1);
            if (digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                percent = Integer.parseInt(digits);
            }
        }
        if (percent < 1 || percent > 100) {
            String shown = node instanceof YamlNode.Scalar scalar && scalar.type() == YamlNode.Type.STRING
                    ? Render.quote(text) : Render.node(node);
            binder.error(breaker.path("failure_rate"), node, shown + " (expected: " + FAILURE_RATE_RULE + ")");
            return Defaults.CIRCUIT_FAILURE_RATE_PERCENT;
        }
        return percent;
    }
}
