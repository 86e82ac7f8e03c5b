package io.portico.config;

import java.util.List;
import java.util.Map;

/**
 * One entry of {@code routes:}. Exactly one of {@code service}, {@code response} and {@code aggregate} is set.
 *
 * @param hosts    exact ({@code api.example.com}) or leading-wildcard ({@code *.example.org}) host
 *                 names, lower-cased; empty = any host
 * @param paths    {@code /users} segment prefix, {@code =/users} exact, {@code /users/{id}} template,
 *                 {@code ~^/u/\d+$} regex; never empty
 * @param methods  upper-case method names; empty = any method
 * @param headers  header name (lower-cased) → accepted values; empty = no header condition
 * @param weight   share of a canary split among routes with identical match criteria, 0..1000
 *                 ({@code 0} = no traffic); null = not part of a split
 * @param index    position in the {@code routes} list (declaration order breaks regex ties)
 */
public record RouteSpec(
        String name,
        List<String> hosts,
        List<String> paths,
        List<String> methods,
        Map<String, List<String>> headers,
        String service,
        ResponseSpec response,
        AggregateSpec aggregate,
        boolean stripPath,
        boolean preserveHost,
        int priority,
        Integer weight,
        List<PluginSpec> plugins,
        int index) {

    /** The largest {@code weight}. */
    public static final int MAX_WEIGHT = 1000;

    public RouteSpec {
        hosts = List.copyOf(hosts);
        paths = List.copyOf(paths);
        methods = List.copyOf(methods);
        headers = Map.copyOf(headers);
        plugins = List.copyOf(plugins);
    }

    /** A route to a service or with a static response, without a weight. */
    public RouteSpec(String name, List<String> hosts, List<String> paths, List<String> methods,
                     Map<String, List<String>> headers, String service, ResponseSpec response, boolean stripPath,
                     boolean preserveHost, int priority, List<PluginSpec> plugins, int index) {
        this(name, hosts, paths, methods, headers, service, response, null, stripPath, preserveHost, priority, null,
                plugins, index);
    }
}
