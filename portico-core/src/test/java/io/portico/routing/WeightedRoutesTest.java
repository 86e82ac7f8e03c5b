package io.portico.routing;

import static io.portico.routing.TestRoute.route;
import static io.portico.routing.TestRoute.table;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Routes with identical match criteria and a weight each share the traffic (a canary split). */
class WeightedRoutesTest {

    private static final int REQUESTS = 20_000;

    @Test
    void splitsTrafficInProportionToTheWeights() {
        RouteTable<String> routes = table(route("stable").paths("/api").weight(90),
                route("canary").paths("/api").weight(10));
        Map<String, Integer> counts = count(routes, "/api/users");
        assertThat(counts.get("stable")).isBetween(REQUESTS * 88 / 100, REQUESTS * 92 / 100);
        assertThat(counts.get("canary")).isBetween(REQUESTS * 8 / 100, REQUESTS * 12 / 100);
    }

    @Test
    void splitsTemplateAndRegexRoutesKeepingTheirCaptures() {
        RouteTable<String> routes = table(route("a").paths("/u/{id}").weight(1), route("b").paths("/u/{id}").weight(1),
                route("c").paths("~/r/(?<n>\\d+)").weight(1), route("d").paths("~/r/(?<n>\\d+)").weight(3));
        Map<String, Integer> counts = count(routes, "/u/7");
        assertThat(counts.get("a")).isBetween(REQUESTS * 45 / 100, REQUESTS * 55 / 100);
        counts = count(routes, "/r/12");
        assertThat(counts.get("d")).isBetween(REQUESTS * 70 / 100, REQUESTS * 80 / 100);
        RouteMatch.Found<String> found = (RouteMatch.Found<String>) routes.match(null, "/r/12", "GET", null);
        assertThat(found.captures()).containsExactly(Map.entry("n", "12"));
    }

    @Test
    void sendsNothingToAWeightOfZero() {
        RouteTable<String> routes = table(route("stable").paths("=/x").weight(100), route("dark").paths("=/x").weight(0));
        assertThat(count(routes, "/x")).containsOnlyKeys("stable");
    }

    @Test
    void listOrderOfTheCriteriaDoesNotSplitTheGroup() {
        RouteTable<String> routes = table(route("a").paths("/p", "/q").methods("GET", "POST").weight(1),
                route("b").paths("/q", "/p").methods("POST", "GET").weight(1));
        assertThat(count(routes, "/q")).containsOnlyKeys("a", "b");
    }

    @Test
    void keepsAWeightedRouteWithoutTwinAsAPlainRoute() {
        RouteTable<String> routes = table(route("alone").paths("/a").weight(3), route("other").paths("/b"));
        assertThat(count(routes, "/a")).containsExactly(Map.entry("alone", REQUESTS));
    }

    @Test
    void aMoreSpecificRouteStillBeatsTheSplit() {
        RouteTable<String> routes = table(route("stable").paths("/api").weight(50),
                route("canary").paths("/api").weight(50), route("admin").paths("/api/admin"));
        assertThat(count(routes, "/api/admin")).containsOnlyKeys("admin");
    }

    @Test
    void matchesNothingWhenEveryWeightIsZero() {
        RouteTable<String> routes = table(route("a").paths("/x").weight(0), route("b").paths("/x").weight(0),
                route("fallback").paths("/"));
        assertThat(count(routes, "/x")).containsOnlyKeys("fallback");
    }

    @Test
    void pickingFromASplitOfPlainPathsAllocatesNothing() {
        RouteTable<String> routes = table(route("stable").paths("/api").weight(90),
                route("canary").paths("/api").weight(10));
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 10_000; i++) {
            routes.match(null, "/api/x", "GET", null);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            routes.match(null, "/api/x", "GET", null);
        }
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(1_000);
    }

    private static Map<String, Integer> count(RouteTable<String> routes, String path) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < REQUESTS; i++) {
            RouteMatch<String> match = routes.match(null, path, "GET", null);
            counts.merge(((RouteMatch.Found<String>) match).value(), 1, Integer::sum);
        }
        return counts;
    }
}
