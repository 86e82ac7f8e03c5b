package io.portico.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Binds a route's {@code aggregate:} block: the deadline, the body bound and the backends. */
final class AggregateBinder {

    static final List<String> KEYS = List.of("timeout", "max_body_size", "backends");
    static final List<String> BACKEND_KEYS = List.of("service", "path", "key", "optional", "forward_headers");

    static final String PATH_RULE = "a path starting with /, with {name} for the route's path variables and an"
            + " optional ?query, in visible ASCII without #";
    /** Headers the core sets itself on each backend request: forwarding the client's would override them. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "transfer-encoding",
            "connection", "keep-alive", "proxy-connection", "upgrade", "te", "trailer", "expect",
            "x-consumer-username", "x-consumer-groups", "x-credential-identifier", "x-anonymous-consumer",
            "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "x-request-id", "via");
    private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern REGEX_GROUP = Pattern.compile("\\(\\?<([A-Za-z][A-Za-z0-9]*)>");

    private final Binder binder;
    private final Set<String> serviceNames;

    AggregateBinder(Binder binder, Set<String> serviceNames) {
        this.binder = binder;
        this.serviceNames = serviceNames;
    }

    /** @param routePaths the route's paths, whose variables the backend paths may use */
    AggregateSpec bind(Section aggregate, List<String> routePaths) {
        Set<String> variables = commonVariables(routePaths);
        YamlNode backendsNode = aggregate.required("backends", "a list of at least one backend");
        List<YamlNode> items = aggregate.list("backends", "backends");
        if (backendsNode instanceof YamlNode.Sequence sequence && sequence.items().isEmpty()) {
            binder.expected(aggregate.path("backends"), sequence, "at least one backend");
        }
        List<AggregateSpec.Backend> backends = new ArrayList<>(items.size());
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Section backend = binder.section(items.get(i), aggregate.path("backends") + "[" + i + "]", BACKEND_KEYS);
            AggregateSpec.Backend bound = backend(backend, variables, keys);
            if (bound != null) {
                backends.add(bound);
            }
        }
        return new AggregateSpec(aggregate.duration("timeout", Defaults.AGGREGATE_TIMEOUT),
                aggregate.size("max_body_size", Defaults.AGGREGATE_MAX_BODY_SIZE), backends);
    }

    private AggregateSpec.Backend backend(Section backend, Set<String> variables, Set<String> keys) {
        YamlNode serviceNode = backend.required("service", "a service name");
        String service = serviceNode == null ? null
                : binder.text(serviceNode, backend.path("service"), "a service name");
        if (service != null && !serviceNames.contains(service)) {
            binder.error(backend.path("service"), serviceNode, "unknown service " + Render.quote(service)
                    + (serviceNames.isEmpty() ? " (expected: a service defined under services)"
                            : " (expected one of: " + String.join(", ", new TreeSet<>(serviceNames)) + ")"));
            service = null;
        }
        YamlNode pathNode = backend.required("path", PATH_RULE);
        String path = pathNode == null ? null : binder.text(pathNode, backend.path("path"), PATH_RULE);
        if (path != null) {
            String problem = pathProblem(path, variables);
            if (problem != null) {
                binder.error(backend.path("path"), pathNode, Render.quote(path) + " (expected: " + problem + ")");
                path = null;
            }
        }
        String key = key(backend, keys);
        boolean optional = backend.bool("optional", false);
        List<String> forwardHeaders = forwardHeaders(backend);
        if (service == null || path == null) {
            return null;
        }
        return new AggregateSpec.Backend(service, path, key, optional, forwardHeaders);
    }

    /** A response field name, unique among the backends; null to merge at the root. */
    private String key(Section backend, Set<String> keys) {
        YamlNode node = backend.node("key");
        if (node == null) {
            return null;
        }
        String key = binder.text(node, backend.path("key"), "a field name");
        if (key == null) {
            return null;
        }
        if (key.isEmpty() || !HttpSyntax.isFieldValue(key)) {
            binder.error(backend.path("key"), node, Render.quote(key) + " (expected: a non-empty field name)");
            return null;
        }
        if (!keys.add(key)) {
            binder.error(backend.path("key"), node, Render.quote(key)
                    + " (expected: each key once among the backends)");
            return null;
        }
        return key;
    }

    private List<String> forwardHeaders(Section backend) {
        List<YamlNode> items = backend.list("forward_headers", "header names");
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String path = backend.path("forward_headers") + "[" + i + "]";
            String text = binder.text(items.get(i), path, "a header name");
            if (text == null) {
                continue;
            }
            String name = text.toLowerCase(Locale.ROOT);
            if (!HttpSyntax.isToken(name)) {
                binder.error(path, items.get(i), Render.quote(text) + " (expected: " + HttpSyntax.TOKEN_RULE + ")");
            } else if (NOT_FORWARDED.contains(name)) {
                binder.error(path, items.get(i), Render.quote(text)
                        + " (expected: a header Portico does not set itself on backend requests)");
            } else if (!names.add(name)) {
                binder.error(path, items.get(i), Render.quote(text) + " (expected: each header once)");
            }
        }
        return List.copyOf(names);
    }

    /** Null when {@code path} is a valid backend path template whose variables all exist; else the rule broken. */
    static String pathProblem(String path, Set<String> variables) {
        if (!path.startsWith("/")) {
            return PATH_RULE;
        }
        if (!HttpSyntax.isVisibleAscii(path) || path.indexOf('#') >= 0) {
            return PATH_RULE;
        }
        int query = path.indexOf('?');
        String pathPart = query < 0 ? path : path.substring(0, query);
        for (String segment : pathPart.substring(1).split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return "a path without . or .. segments";
            }
        }
        String rest = TEMPLATE_VARIABLE.matcher(path).replaceAll("");
        if (rest.indexOf('{') >= 0 || rest.indexOf('}') >= 0) {
            return "{name} references with matching braces";
        }
        Matcher matcher = TEMPLATE_VARIABLE.matcher(path);
        while (matcher.find()) {
            String name = matcher.group(1);
            if (!variables.contains(name)) {
                return variables.isEmpty() ? "no {name} references: the route's paths have no common variables"
                        : "{name} references to variables of every path of the route: "
                                + String.join(", ", new TreeSet<>(variables));
            }
        }
        return null;
    }

    /** The variables that every one of the route's paths defines: {@code {name}} segments or regex named groups. */
    static Set<String> commonVariables(List<String> routePaths) {
        Set<String> common = null;
        for (String routePath : routePaths) {
            Set<String> names = new HashSet<>();
            if (routePath.startsWith("~")) {
                Matcher groups = REGEX_GROUP.matcher(routePath);
                while (groups.find()) {
                    names.add(groups.group(1));
                }
            } else if (!routePath.startsWith("=")) {
                Matcher variables = TEMPLATE_VARIABLE.matcher(routePath);
                while (variables.find()) {
                    names.add(variables.group(1));
                }
            }
            if (common == null) {
                common = names;
            } else {
                common.retainAll(names);
            }
        }
        return common == null ? Set.of() : common;
    }
}
