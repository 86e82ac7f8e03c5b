package io.portico.config;

import io.portico.plugin.Quantities;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Binds {@code upstreams:} with their targets and health checks. */
final class UpstreamBinder {

    static final List<String> KEYS = List.of("name", "algorithm", "hash_on", "targets", "health_checks");
    static final List<String> TARGET_KEYS = List.of("target", "weight", "backup");
    static final List<String> HEALTH_KEYS = List.of("active", "passive");
    static final List<String> ACTIVE_KEYS = List.of("path", "interval", "timeout", "healthy_after", "unhealthy_after");
    static final List<String> PASSIVE_KEYS = List.of("unhealthy_after", "on", "eject_for");
    static final int MAX_WEIGHT = 1000;
    static final int MAX_THRESHOLD = 100;

    private static final String HASH_ON_RULE = "ip, consumer, path, header:NAME or cookie:NAME";
    private static final String TARGET_RULE = "host:port with a port in 1..65535";

    private UpstreamBinder() {}

    static List<UpstreamSpec> bindAll(Binder binder, Section root) {
        List<YamlNode> items = root.list("upstreams", "upstreams");
        List<UpstreamSpec> upstreams = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Section upstream = binder.section(items.get(i), "upstreams[" + i + "]", KEYS);
            String name = binder.name(upstream);
            // Bind even a nameless or duplicate entry, so that its other errors are reported too.
            UpstreamSpec spec = bind(upstream, name);
            if (name != null && binder.unique(names, name, i, upstream, "upstreams")) {
                upstreams.add(spec);
            }
        }
        return upstreams;
    }

    private static UpstreamSpec bind(Section upstream, String name) {
        Binder binder = upstream.binder();
        UpstreamSpec.Algorithm algorithm = Defaults.ALGORITHM;
        YamlNode algorithmNode = upstream.node("algorithm");
        if (algorithmNode != null) {
            String rule = algorithmRule();
            String text = binder.text(algorithmNode, upstream.path("algorithm"), rule);
            UpstreamSpec.Algorithm parsed = text == null ? null : UpstreamSpec.Algorithm.fromConfigName(text);
            if (text != null && parsed == null) {
                binder.expected(upstream.path("algorithm"), algorithmNode, rule);
            }
            algorithm = parsed == null ? algorithm : parsed;
        }
        HashOnSpec hashOn = hashOn(upstream);
        List<TargetSpec> targets = targets(upstream);
        HealthChecksSpec healthChecks = HealthChecksSpec.NONE;
        if (upstream.has("health_checks")) {
            Section health = upstream.section("health_checks", HEALTH_KEYS);
            healthChecks = new HealthChecksSpec(
                    health.has("active") ? active(health.section("active", ACTIVE_KEYS)) : null,
                    health.has("passive") ? passive(health.section("passive", PASSIVE_KEYS)) : null);
        }
        return new UpstreamSpec(name, algorithm, hashOn, targets, healthChecks);
    }

    private static String algorithmRule() {
        StringBuilder rule = new StringBuilder("one of ");
        for (UpstreamSpec.Algorithm a : UpstreamSpec.Algorithm.values()) {
            rule.append(a.ordinal() == 0 ? "" : ", ").append(a.configName());
        }
        return rule.toString();
    }

    /** {@code hash_on} is read for every algorithm but used only by consistent-hash. */
    private static HashOnSpec hashOn(Section upstream) {
        YamlNode node = upstream.node("hash_on");
        if (node == null) {
            return Defaults.HASH_ON;
        }
        String path = upstream.path("hash_on");
        String text = upstream.binder().text(node, path, HASH_ON_RULE);
        if (text == null) {
            return Defaults.HASH_ON;
        }
        switch (text) {
            case "ip":
                return HashOnSpec.IP;
            case "consumer":
                return new HashOnSpec(HashOnSpec.Kind.CONSUMER, null);
            case "path":
                return new HashOnSpec(HashOnSpec.Kind.PATH, null);
            default:
                break;
        }
        if (text.startsWith("header:") && HttpSyntax.isToken(text.substring(7))) {
            return new HashOnSpec(HashOnSpec.Kind.HEADER, text.substring(7).toLowerCase(Locale.ROOT));
        }
        if (text.startsWith("cookie:") && HttpSyntax.isToken(text.substring(7))) {
            return new HashOnSpec(HashOnSpec.Kind.COOKIE, text.substring(7));
        }
        upstream.binder().error(path, node, Render.quote(text) + " (expected: " + HASH_ON_RULE + ")");
        return Defaults.HASH_ON;
    }

    private static List<TargetSpec> targets(Section upstream) {
        Binder binder = upstream.binder();
        YamlNode node = upstream.required("targets", "a list of targets");
        List<YamlNode> items = node == null ? null : binder.list(node, upstream.path("targets"), "targets");
        if (items == null) {
            return List.of();
        }
        if (items.isEmpty()) {
            binder.expected(upstream.path("targets"), node, "at least one target");
            return List.of();
        }
        List<TargetSpec> targets = new ArrayList<>();
        Map<HostPort, Integer> seen = new HashMap<>();
        boolean anyPrimary = false;
        for (int i = 0; i < items.size(); i++) {
            String path = upstream.path("targets") + "[" + i + "]";
            TargetSpec target = target(binder, items.get(i), path);
            if (target == null) {
                anyPrimary = true; // already reported; do not add a misleading second error
                continue;
            }
            Integer first = seen.putIfAbsent(target.target(), i);
            if (first != null) {
                YamlNode at = items.get(i) instanceof YamlNode.Mapping m && m.entry("target") != null
                        ? m.entry("target").value() : items.get(i);
                binder.error(items.get(i) instanceof YamlNode.Mapping ? path + ".target" : path, at,
                        Render.quote(target.target().toString())
                                + " (expected: each target once; also at targets[" + first + "])");
                continue;
            }
            anyPrimary |= !target.backup();
            targets.add(target);
        }
        if (!anyPrimary && !targets.isEmpty()) {
            binder.error(upstream.path("targets"), node,
                    "only backup targets (expected: at least one target without backup: true)");
        }
        return targets;
    }

    /** {@code {target: "host:port", weight: 100, backup: false}}, or just {@code "host:port"}. */
    private static TargetSpec target(Binder binder, YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar) {
            HostPort address = address(binder, node, path);
            return address == null ? null : new TargetSpec(address, Defaults.TARGET_WEIGHT, false);
        }
        Section target = binder.section(node, path, TARGET_KEYS);
        YamlNode addressNode = target.required("target", TARGET_RULE);
        HostPort address = addressNode == null ? null : address(binder, addressNode, target.path("target"));
        int weight = target.integer("weight", Defaults.TARGET_WEIGHT, 1, MAX_WEIGHT);
        boolean backup = target.bool("backup", false);
        return address == null ? null : new TargetSpec(address, weight, backup);
    }

    private static HostPort address(Binder binder, YamlNode node, String path) {
        HostPort address = ProxyBinder.hostPort(binder, node, path);
        if (address != null && address.port() == 0) {
            binder.expected(path, node, TARGET_RULE);
            return null;
        }
        return address;
    }

    private static ActiveHealthCheckSpec active(Section active) {
        Binder binder = active.binder();
        String path = Defaults.HEALTH_CHECK_PATH;
        YamlNode pathNode = active.node("path");
        if (pathNode != null) {
            String rule = "a path starting with / (a query is allowed)";
            String text = binder.text(pathNode, active.path("path"), rule);
            if (text != null && (!text.startsWith("/") || !HttpSyntax.isVisibleAscii(text))) {
                binder.error(active.path("path"), pathNode, Render.quote(text) + " (expected: " + rule + ")");
            } else if (text != null) {
                path = text;
            }
        }
        var interval = active.duration("interval", Defaults.HEALTH_CHECK_INTERVAL);
        var timeout = active.duration("timeout", Defaults.HEALTH_CHECK_TIMEOUT);
        if (timeout.compareTo(interval) >= 0) {
            if (active.has("timeout")) {
                binder.expected(active.path("timeout"), active.node("timeout"),
                        "< interval " + Quantities.format(interval));
            } else {
                binder.expected(active.path("interval"), active.node("interval"),
                        "> timeout " + Quantities.format(timeout));
            }
        }
        return new ActiveHealthCheckSpec(path, interval, timeout,
                active.integer("healthy_after", Defaults.HEALTHY_AFTER, 1, MAX_THRESHOLD),
                active.integer("unhealthy_after", Defaults.UNHEALTHY_AFTER, 1, MAX_THRESHOLD));
    }

    private static PassiveHealthCheckSpec passive(Section passive) {
        return new PassiveHealthCheckSpec(
                passive.integer("unhealthy_after", Defaults.PASSIVE_UNHEALTHY_AFTER, 1, MAX_THRESHOLD),
                FailureConditionsBinder.bind(passive, "on", Defaults.PASSIVE_FAILURES),
                passive.duration("eject_for", Defaults.EJECT_FOR));
    }
}
