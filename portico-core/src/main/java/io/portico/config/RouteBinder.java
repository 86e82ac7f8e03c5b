package io.portico.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Binds {@code routes:}: match criteria, target (service or static response) and plugins. */
final class RouteBinder {

    static final List<String> KEYS = List.of("name", "hosts", "paths", "methods", "headers", "service", "response",
            "aggregate", "strip_path", "preserve_host", "priority", "weight", "plugins");
    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE");

    private static final String METHOD_RULE = "one of " + String.join(", ", METHODS);

    private final Binder binder;
    private final Set<String> serviceNames;
    private final PluginBinder plugins;
    private final AggregateBinder aggregates;

    RouteBinder(Binder binder, Set<String> serviceNames, PluginBinder plugins) {
        this.binder = binder;
        this.serviceNames = serviceNames;
        this.plugins = plugins;
        this.aggregates = new AggregateBinder(binder, serviceNames);
    }

    List<RouteSpec> bindAll(Section root) {
        List<YamlNode> items = root.list("routes", "routes");
        List<RouteSpec> routes = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        RouteConflicts conflicts = new RouteConflicts(binder);
        for (int i = 0; i < items.size(); i++) {
            int errorsBefore = binder.errors().size();
            Section route = binder.section(items.get(i), "routes[" + i + "]", KEYS);
            String name = binder.name(route);
            RouteSpec spec = bind(route, name, i);
            if (name != null && binder.unique(names, name, i, route, "routes")) {
                routes.add(spec);
            }
            // A route with its own errors lost some criteria; comparing it would report false conflicts.
            if (binder.errors().size() == errorsBefore) {
                conflicts.check(spec, route);
            }
        }
        conflicts.checkWeightedGroups();
        return routes;
    }

    private RouteSpec bind(Section route, String name, int index) {
        List<String> hosts = strings(route, "hosts", "hosts", PathSyntax.HOST_RULE, true);
        YamlNode pathsNode = route.required("paths", "a list of paths such as [\"/users\"]");
        List<String> paths = strings(route, "paths", "paths", PathSyntax.PATH_RULE, false);
        if (pathsNode instanceof YamlNode.Sequence sequence && sequence.items().isEmpty()) {
            binder.expected(route.path("paths"), pathsNode, "at least one path");
        }
        List<String> methods = strings(route, "methods", "methods", METHOD_RULE, false);
        String service = service(route);
        ResponseSpec response = route.has("response")
                ? ResponseBinder.bind(route.section("response", ResponseBinder.KEYS), Defaults.RESPONSE_STATUS) : null;
        AggregateSpec aggregate = route.has("aggregate")
                ? aggregates.bind(route.section("aggregate", AggregateBinder.KEYS), paths) : null;
        checkTarget(route);
        return new RouteSpec(name, hosts, paths, methods, headers(route), service, response, aggregate,
                route.bool("strip_path", Defaults.STRIP_PATH),
                route.bool("preserve_host", Defaults.PRESERVE_HOST),
                route.integer("priority", Defaults.ROUTE_PRIORITY, Integer.MIN_VALUE, Integer.MAX_VALUE),
                weight(route), plugins.bindAll(route), index);
    }

    /** Exactly one of service, response and aggregate; strip_path and preserve_host only with a service. */
    private void checkTarget(Section route) {
        List<String> targets = new ArrayList<>(3);
        for (String key : List.of("service", "response", "aggregate")) {
            if (route.has(key)) {
                targets.add(key);
            }
        }
        if (targets.size() != 1) {
            String found = switch (targets.size()) {
                case 0 -> "missing service, response or aggregate";
                case 2 -> "both " + targets.get(0) + " and " + targets.get(1);
                default -> "all of service, response and aggregate";
            };
            binder.error(route.path(), route.node(),
                    found + " (expected: exactly one of service, response and aggregate)");
        }
        if (route.has("aggregate")) {
            for (String key : List.of("strip_path", "preserve_host")) {
                if (route.has(key)) {
                    binder.error(route.path(key), route.node(key), "set on an aggregate route (expected: only on"
                            + " routes with a service; backend paths are written in full under aggregate.backends)");
                }
            }
        }
    }

    /** {@code weight: 0..1000}, or null when the route has none. */
    private Integer weight(Section route) {
        YamlNode node = route.node("weight");
        return node == null ? null : binder.integer(node, route.path("weight"), 0, RouteSpec.MAX_WEIGHT);
    }

    /** hosts (lower-cased), paths or methods (upper-cased): each valid and listed once. */
    private List<String> strings(Section route, String key, String what, String rule, boolean lowerCase) {
        List<YamlNode> items = route.list(key, what);
        List<String> values = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String path = route.path(key) + "[" + i + "]";
            String text = binder.text(items.get(i), path, rule);
            if (text == null) {
                continue;
            }
            String value = key.equals("methods") ? text.toUpperCase(Locale.ROOT)
                    : lowerCase ? text.toLowerCase(Locale.ROOT) : text;
            String problem = switch (key) {
                case "hosts" -> PathSyntax.hostProblem(value);
                case "paths" -> PathSyntax.routePathProblem(value);
                default -> METHODS.contains(value) ? null : METHOD_RULE;
            };
            if (problem != null) {
                binder.error(path, items.get(i), Render.quote(text) + " (expected: " + problem + ")");
            } else if (!seen.add(value)) {
                binder.error(path, items.get(i), Render.quote(text) + " (expected: each of the " + what
                        + " once)");
            } else {
                values.add(value);
            }
        }
        return values;
    }

    private String service(Section route) {
        YamlNode node = route.node("service");
        String name = node == null ? null : binder.text(node, route.path("service"), "a service name");
        if (name != null && !serviceNames.contains(name)) {
            binder.error(route.path("service"), node, "unknown service " + Render.quote(name)
                    + (serviceNames.isEmpty() ? " (expected: a service defined under services)"
                            : " (expected one of: " + String.join(", ", new TreeSet<>(serviceNames)) + ")"));
        }
        return name;
    }

    /** An exact header value, or {@code ~regex} (searched for in the value) that must compile. */
    private String headerCondition(YamlNode node, String path) {
        String value = ResponseBinder.headerValue(binder, node, path);
        String problem = value == null ? null : PathSyntax.headerRegexProblem(value);
        if (problem != null) {
            binder.error(path, node, Render.quote(value) + " (expected: " + problem + ")");
            return null;
        }
        return value;
    }

    /** {@code headers: {x-api-version: ["1", "2"]}} or {@code {x-tenant: acme}}; any listed value matches. */
    private Map<String, List<String>> headers(Section route) {
        YamlNode node = route.node("headers");
        if (node == null) {
            return Map.of();
        }
        if (!(node instanceof YamlNode.Mapping mapping)) {
            binder.expected(route.path("headers"), node, "a mapping of header name to value or list of values");
            return Map.of();
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (YamlNode.Entry entry : mapping.entries()) {
            String path = route.path("headers") + "." + entry.key();
            String name = ResponseBinder.headerName(binder, entry, route.path("headers"), headers.keySet());
            List<String> values = new ArrayList<>();
            if (entry.value() instanceof YamlNode.Sequence sequence) {
                if (sequence.items().isEmpty()) {
                    binder.expected(path, sequence, "at least one value");
                }
                for (int i = 0; i < sequence.items().size(); i++) {
                    String value = headerCondition(sequence.items().get(i), path + "[" + i + "]");
                    if (value != null) {
                        values.add(value);
                    }
                }
            } else {
                String value = headerCondition(entry.value(), path);
                if (value != null) {
                    values.add(value);
                }
            }
            if (name != null) {
                headers.put(name, List.copyOf(values));
            }
        }
        return headers;
    }
}
