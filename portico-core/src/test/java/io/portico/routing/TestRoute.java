package io.portico.routing;

import io.portico.config.RouteSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A route under construction for tests; the table's value is the route's name. */
final class TestRoute {

    private final String name;
    private List<String> hosts = List.of();
    private List<String> paths = List.of("/");
    private List<String> methods = List.of();
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private int priority;
    private Integer weight;

    private TestRoute(String name) {
        this.name = name;
    }

    static TestRoute route(String name) {
        return new TestRoute(name);
    }

    TestRoute hosts(String... values) {
        hosts = List.of(values);
        return this;
    }

    TestRoute paths(String... values) {
        paths = List.of(values);
        return this;
    }

    TestRoute methods(String... values) {
        methods = List.of(values);
        return this;
    }

    TestRoute header(String headerName, String... values) {
        headers.put(headerName, List.of(values));
        return this;
    }

    TestRoute priority(int value) {
        priority = value;
        return this;
    }

    TestRoute weight(int value) {
        weight = value;
        return this;
    }

    String name() {
        return name;
    }

    RouteSpec spec(int index) {
        return new RouteSpec(name, hosts, paths, methods, headers, "svc", null, null, true, false, priority, weight,
                List.of(), index);
    }

    /** Compiles the routes with their position as declaration index. */
    static RouteTable<String> table(TestRoute... routes) {
        List<RouteTable.Entry<String>> entries = new ArrayList<>();
        for (int i = 0; i < routes.length; i++) {
            entries.add(new RouteTable.Entry<>(routes[i].spec(i), routes[i].name()));
        }
        return RouteTable.compile(entries);
    }
}
