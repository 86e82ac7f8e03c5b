package io.portico.bench.routing;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.portico.config.RouteSpec;
import io.portico.routing.RouteTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A deterministic, realistic route set: many tenant hosts (exact and wildcard) plus host-less
 * routes; segment prefixes, templates, exact paths, a few regexes; method and header conditions.
 * Requests hit, miss (404) and hit the wrong method (405).
 */
final class RouteMix {

    private static final String[] RESOURCES = {"users", "orders", "carts", "items", "payments", "invoices",
        "shipments", "reviews", "accounts", "sessions"};

    record Request(String host, String path, String method, HttpHeaders headers) {
    }

    private final List<RouteSpec> specs = new ArrayList<>();
    private final List<String> sampleHosts = new ArrayList<>();
    private final List<String> samplePaths = new ArrayList<>();
    private final List<List<String>> sampleMethods = new ArrayList<>();

    RouteMix(int count) {
        Random random = new Random(42);
        int hosts = Math.max(1, count / 20);
        int regexes = Math.max(1, count / 1000);
        for (int i = 0; i < count; i++) {
            int tenant = random.nextInt(hosts);
            List<String> routeHosts;
            String requestHost;
            int hostKind = random.nextInt(10);
            if (hostKind < 6) {
                routeHosts = List.of("api-" + tenant + ".example.com");
                requestHost = "api-" + tenant + ".example.com";
            } else if (hostKind < 8) {
                routeHosts = List.of("*.t" + tenant + ".example.org");
                requestHost = "eu.t" + tenant + ".example.org";
            } else {
                routeHosts = List.of();
                requestHost = "gateway.example.net";
            }
            String resource = RESOURCES[i % RESOURCES.length];
            String base = "/" + resource + "/v" + (i % 3) + "/r" + i;
            String pattern;
            String path;
            int pathKind = i < regexes ? -1 : random.nextInt(10);
            if (pathKind < 0) {
                pattern = "~/legacy/r" + i + "/(?<id>\\d+)";
                path = "/legacy/r" + i + "/" + random.nextInt(1000);
            } else if (pathKind < 5) {
                pattern = base;
                path = base + (random.nextBoolean() ? "" : "/page/" + random.nextInt(10));
            } else if (pathKind < 8) {
                pattern = base + "/{id}" + (pathKind == 7 ? "/lines/{line}" : "");
                path = base + "/" + random.nextInt(100_000) + (pathKind == 7 ? "/lines/" + random.nextInt(9) : "");
            } else {
                pattern = "=" + base + "/status";
                path = base + "/status";
            }
            int methodKind = random.nextInt(4);
            List<String> methods = methodKind < 2 ? List.of("GET") : methodKind == 2 ? List.of("GET", "POST") : List.of();
            Map<String, List<String>> headers = random.nextInt(20) == 0 ? Map.of("x-api-version", List.of("2")) : Map.of();
            int priority = random.nextInt(100) == 0 ? 1 : 0;
            specs.add(new RouteSpec("route-" + i, routeHosts, List.of(pattern), methods, headers, "svc-" + tenant, null,
                    true, false, priority, List.of(), i));
            sampleHosts.add(requestHost);
            samplePaths.add(path);
            sampleMethods.add(methods);
        }
    }

    List<RouteTable.Entry<String>> entries() {
        List<RouteTable.Entry<String>> entries = new ArrayList<>(specs.size());
        for (RouteSpec spec : specs) {
            entries.add(new RouteTable.Entry<>(spec, spec.name()));
        }
        return entries;
    }

    /** 70% hits (some with port or upper case in Host), 20% 404s, 10% wrong method. */
    Request[] requests(int count) {
        Random random = new Random(7);
        Request[] requests = new Request[count];
        for (int r = 0; r < count; r++) {
            int i = random.nextInt(specs.size());
            String host = sampleHosts.get(i);
            String path = samplePaths.get(i);
            String method = "GET";
            int kind = random.nextInt(10);
            if (kind < 2) {
                path = "/unknown/" + random.nextInt(1000) + path;
            } else if (kind == 2) {
                method = sampleMethods.get(i).isEmpty() ? "GET" : "DELETE";
            } else if (kind == 3) {
                host = host.toUpperCase() + ":8443";
            }
            HttpHeaders headers = new DefaultHttpHeaders();
            headers.add("user-agent", "bench/1.0");
            headers.add("accept", "application/json");
            headers.add("x-api-version", "2");
            requests[r] = new Request(host, path, method, headers);
        }
        return requests;
    }
}
