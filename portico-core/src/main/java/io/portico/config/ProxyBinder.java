package io.portico.config;

import io.portico.net.CidrSet;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Binds {@code proxy:}. */
final class ProxyBinder {

    static final List<String> KEYS =
            List.of("listen", "trusted_proxies", "limits", "access_log", "workers", "drain_timeout",
                    "latency_headers");
    static final List<String> LIMIT_KEYS = List.of(
            "max_request_line_size", "max_header_size", "max_body_size", "header_timeout", "idle_timeout");
    static final int MAX_WORKERS = 1024;

    private static final String ACCESS_LOG_RULE = "stdout, off or a file path";

    private ProxyBinder() {}

    static ProxySpec bind(Section proxy) {
        Binder binder = proxy.binder();
        List<HostPort> listen = proxy.has("listen") ? listen(proxy) : Defaults.PROXY_LISTEN;

        List<String> trusted = new ArrayList<>();
        List<YamlNode> items = proxy.list("trusted_proxies", "CIDR blocks");
        for (int i = 0; i < items.size(); i++) {
            String path = proxy.path("trusted_proxies") + "[" + i + "]";
            String text = binder.text(items.get(i), path, CidrSet.RULE);
            if (text != null && !CidrSet.isValidCidr(text)) {
                binder.error(path, items.get(i), Render.quote(text) + " (expected: " + CidrSet.RULE + ")");
            } else if (text != null) {
                trusted.add(text);
            }
        }

        Section limits = proxy.section("limits", LIMIT_KEYS);
        LimitsSpec limitsSpec = new LimitsSpec(
                limits.size("max_request_line_size", Defaults.MAX_REQUEST_LINE_SIZE),
                limits.size("max_header_size", Defaults.MAX_HEADER_SIZE),
                limits.size("max_body_size", Defaults.MAX_BODY_SIZE),
                limits.duration("header_timeout", Defaults.HEADER_TIMEOUT),
                limits.duration("idle_timeout", Defaults.IDLE_TIMEOUT));

        return new ProxySpec(listen, trusted, limitsSpec, accessLog(proxy),
                proxy.integer("workers", Defaults.WORKERS, 0, MAX_WORKERS),
                proxy.duration("drain_timeout", Defaults.DRAIN_TIMEOUT),
                proxy.bool("latency_headers", Defaults.LATENCY_HEADERS));
    }

    private static List<HostPort> listen(Section proxy) {
        Binder binder = proxy.binder();
        List<YamlNode> items = proxy.list("listen", "host:port addresses");
        if (items.isEmpty() && proxy.node("listen") instanceof YamlNode.Sequence empty) {
            binder.expected(proxy.path("listen"), empty, "at least one host:port");
        }
        List<HostPort> listen = new ArrayList<>();
        Map<HostPort, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String path = proxy.path("listen") + "[" + i + "]";
            HostPort address = hostPort(binder, items.get(i), path);
            if (address == null) {
                continue;
            }
            Integer first = seen.putIfAbsent(address, i);
            if (first != null) {
                binder.error(path, items.get(i), Render.quote(address.toString())
                        + " (expected: each address once; also at listen[" + first + "])");
            } else {
                listen.add(address);
            }
        }
        return listen.isEmpty() ? Defaults.PROXY_LISTEN : listen;
    }

    /** A {@code host:port}; port 0 is allowed for listeners (the system picks one). */
    static HostPort hostPort(Binder binder, YamlNode node, String path) {
        String text = binder.text(node, path, "host:port");
        if (text == null) {
            return null;
        }
        try {
            return HostPort.parse(text);
        } catch (IllegalArgumentException e) {
            binder.error(path, node, e.getMessage());
            return null;
        }
    }

    private static AccessLogSpec accessLog(Section proxy) {
        YamlNode node = proxy.node("access_log");
        if (node == null) {
            return Defaults.ACCESS_LOG;
        }
        String path = proxy.path("access_log");
        // YAML 1.1 reads an unquoted off as false; accept that spelling, and no other boolean.
        if (node instanceof YamlNode.Scalar scalar && scalar.type() == YamlNode.Type.BOOLEAN
                && !scalar.text().equals("off")) {
            proxy.binder().expected(path, node, ACCESS_LOG_RULE);
            return Defaults.ACCESS_LOG;
        }
        String text = proxy.binder().text(node, path, ACCESS_LOG_RULE);
        if (text == null) {
            return Defaults.ACCESS_LOG;
        }
        switch (text) {
            case "stdout":
                return new AccessLogSpec.Stdout();
            case "off":
                return new AccessLogSpec.Off();
            default:
                break;
        }
        if (text.isBlank()) {
            proxy.binder().error(path, node, Render.quote(text) + " (expected: " + ACCESS_LOG_RULE + ")");
            return Defaults.ACCESS_LOG;
        }
        try {
            return new AccessLogSpec.File(Path.of(text));
        } catch (InvalidPathException e) {
            proxy.binder().error(path, node, Render.quote(text) + " (expected: " + ACCESS_LOG_RULE + "; "
                    + e.getReason() + ")");
            return Defaults.ACCESS_LOG;
        }
    }
}
