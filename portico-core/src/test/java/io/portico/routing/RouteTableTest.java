package io.portico.routing;

import static io.portico.routing.TestRoute.route;
import static io.portico.routing.TestRoute.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.portico.config.RouteSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private static String winner(RouteTable<String> table, String host, String path) {
        return describe(table.match(host, path, "GET", null));
    }

    private static String describe(RouteMatch<String> match) {
        if (match instanceof RouteMatch.Found<String> found) {
            return found.value();
        }
        if (match instanceof RouteMatch.MethodNotAllowed<String> notAllowed) {
            return "405 " + notAllowed.allowedMethods();
        }
        return "404";
    }

    private static RouteMatch.Found<String> found(RouteTable<String> table, String host, String path) {
        RouteMatch<String> match = table.match(host, path, "GET", null);
        assertThat(match).isInstanceOf(RouteMatch.Found.class);
        return (RouteMatch.Found<String>) match;
    }

    private static HttpHeaders headers(String... namesAndValues) {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    @Nested
    class Ranking {

        @Test
        void higherPriorityBeatsExactHost() {
            RouteTable<String> t = table(route("host").hosts("a.com"), route("prio").priority(1));
            assertThat(winner(t, "a.com", "/x")).isEqualTo("prio");
        }

        @Test
        void higherPriorityBeatsExactPath() {
            RouteTable<String> t = table(route("exact").paths("=/x"), route("prio").paths("/").priority(1));
            assertThat(winner(t, "a.com", "/x")).isEqualTo("prio");
        }

        @Test
        void higherPriorityBeatsLongerPrefix() {
            RouteTable<String> t = table(route("long").paths("/a/b/c"), route("prio").paths("/a").priority(1));
            assertThat(winner(t, "a.com", "/a/b/c")).isEqualTo("prio");
        }

        @Test
        void higherPriorityRegexBeatsExactPath() {
            RouteTable<String> t = table(route("exact").paths("=/x"), route("regex").paths("~/").priority(2));
            assertThat(winner(t, "a.com", "/x")).isEqualTo("regex");
        }

        @Test
        void negativePriorityLosesToDefault() {
            RouteTable<String> t = table(route("low").paths("=/x").priority(-1), route("plain").paths("/"));
            assertThat(winner(t, "a.com", "/x")).isEqualTo("plain");
        }

        @Test
        void exactHostBeatsWildcardHost() {
            RouteTable<String> t = table(route("wild").hosts("*.a.com"), route("exact").hosts("b.a.com"));
            assertThat(winner(t, "b.a.com", "/")).isEqualTo("exact");
        }

        @Test
        void wildcardHostBeatsNoHost() {
            RouteTable<String> t = table(route("none"), route("wild").hosts("*.a.com"));
            assertThat(winner(t, "b.a.com", "/")).isEqualTo("wild");
        }

        @Test
        void exactHostBeatsNoHost() {
            RouteTable<String> t = table(route("none"), route("exact").hosts("a.com"));
            assertThat(winner(t, "a.com", "/")).isEqualTo("exact");
        }

        @Test
        void longerWildcardSuffixBeatsShorter() {
            RouteTable<String> t = table(route("short").hosts("*.com"), route("long").hosts("*.b.a.com"),
                    route("mid").hosts("*.a.com"));
            assertThat(winner(t, "x.b.a.com", "/")).isEqualTo("long");
            assertThat(winner(t, "x.c.a.com", "/")).isEqualTo("mid");
            assertThat(winner(t, "x.org.com", "/")).isEqualTo("short");
        }

        @Test
        void hostRankBeatsPathRank() {
            RouteTable<String> t = table(route("exactPath").paths("=/x"), route("wildRoot").hosts("*.a.com"));
            assertThat(winner(t, "b.a.com", "/x")).isEqualTo("wildRoot");
        }

        @Test
        void exactPathBeatsPrefixOfSameText() {
            RouteTable<String> t = table(route("prefix").paths("/a/b"), route("exact").paths("=/a/b"));
            assertThat(winner(t, "h", "/a/b")).isEqualTo("exact");
            assertThat(winner(t, "h", "/a/b/c")).isEqualTo("prefix");
        }

        @Test
        void exactPathBeatsTemplate() {
            RouteTable<String> t = table(route("template").paths("/users/{id}"), route("exact").paths("=/users/me"));
            assertThat(winner(t, "h", "/users/me")).isEqualTo("exact");
            assertThat(winner(t, "h", "/users/7")).isEqualTo("template");
        }

        @Test
        void exactPathBeatsRegex() {
            RouteTable<String> t = table(route("regex").paths("~/a"), route("exact").paths("=/a"));
            assertThat(winner(t, "h", "/a")).isEqualTo("exact");
        }

        @Test
        void longerLiteralPrefixWins() {
            RouteTable<String> t = table(route("short").paths("/a"), route("long").paths("/a/b"));
            assertThat(winner(t, "h", "/a/b/c")).isEqualTo("long");
            assertThat(winner(t, "h", "/a/c")).isEqualTo("short");
        }

        @Test
        void longerLiteralPrefixBeatsTemplate() {
            RouteTable<String> t = table(route("template").paths("/users/{id}"), route("literal").paths("/users/me"));
            assertThat(winner(t, "h", "/users/me/photos")).isEqualTo("literal");
        }

        @Test
        void templateWithLongerLiteralBeatsPrefix() {
            RouteTable<String> t = table(route("prefix").paths("/users"), route("template").paths("/users/{id}/orders"));
            assertThat(winner(t, "h", "/users/7/orders")).isEqualTo("template");
            assertThat(winner(t, "h", "/users/7/cart")).isEqualTo("prefix");
        }

        @Test
        void templateBeatsPrefixOfEqualLiteralLength() {
            RouteTable<String> t = table(route("prefix").paths("/users/"), route("template").paths("/users/{id}"));
            assertThat(winner(t, "h", "/users/7")).isEqualTo("template");
            assertThat(winner(t, "h", "/users/")).isEqualTo("prefix");
        }

        @Test
        void trailingSlashPrefixBeatsBarePrefix() {
            RouteTable<String> t = table(route("bare").paths("/users"), route("slash").paths("/users/"));
            assertThat(winner(t, "h", "/users/7")).isEqualTo("slash");
            assertThat(winner(t, "h", "/users")).isEqualTo("bare");
        }

        @Test
        void prefixBeatsRegex() {
            RouteTable<String> t = table(route("regex").paths("~/a/b/c"), route("prefix").paths("/"));
            assertThat(winner(t, "h", "/a/b/c")).isEqualTo("prefix");
        }

        @Test
        void regexesRankInDeclaredOrder() {
            List<RouteTable.Entry<String>> entries = new ArrayList<>();
            entries.add(new RouteTable.Entry<>(route("second").paths("~/a").spec(5), "second"));
            entries.add(new RouteTable.Entry<>(route("first").paths("~/a/b").spec(2), "first"));
            RouteTable<String> t = RouteTable.compile(entries);
            assertThat(winner(t, "h", "/a/b")).isEqualTo("first");
            assertThat(winner(t, "h", "/a/c")).isEqualTo("second");
        }

        @Test
        void declarationIndexBreaksTiesWhateverTheListOrder() {
            List<RouteTable.Entry<String>> entries = new ArrayList<>();
            entries.add(new RouteTable.Entry<>(route("later").paths("/a").spec(9), "later"));
            entries.add(new RouteTable.Entry<>(route("earlier").paths("/a").spec(3), "earlier"));
            assertThat(winner(RouteTable.compile(entries), "h", "/a")).isEqualTo("earlier");
        }

        @Test
        void routeUsesItsBestPathForLengthAndCaptures() {
            RouteTable<String> t = table(route("r").paths("/a", "/a/{x}"));
            RouteMatch.Found<String> found = found(t, "h", "/a/b/c");
            assertThat(found.matchedLength()).isEqualTo(4);
            assertThat(found.captures()).containsExactly(Map.entry("x", "b"));
        }
    }

    @Nested
    class Hosts {

        @Test
        void wildcardMatchesOneOrMoreLabels() {
            RouteTable<String> t = table(route("wild").hosts("*.example.org"));
            assertThat(winner(t, "a.example.org", "/")).isEqualTo("wild");
            assertThat(winner(t, "a.b.example.org", "/")).isEqualTo("wild");
            assertThat(winner(t, "example.org", "/")).isEqualTo("404");
            assertThat(winner(t, "aexample.org", "/")).isEqualTo("404");
            assertThat(winner(t, "example.org.evil.com", "/")).isEqualTo("404");
        }

        @Test
        void ignoresPortAndCase() {
            RouteTable<String> t = table(route("exact").hosts("api.example.com"), route("wild").hosts("*.Example.ORG"));
            assertThat(winner(t, "API.Example.COM:8443", "/")).isEqualTo("exact");
            assertThat(winner(t, "api.example.com:80", "/")).isEqualTo("exact");
            assertThat(winner(t, "X.EXAMPLE.org:1", "/")).isEqualTo("wild");
            assertThat(winner(t, "api.example.co", "/")).isEqualTo("404");
        }

        @Test
        void ignoresTrailingDot() {
            RouteTable<String> t = table(route("exact").hosts("api.example.com"));
            assertThat(winner(t, "api.example.com.", "/")).isEqualTo("exact");
            assertThat(winner(t, "api.example.com.:8080", "/")).isEqualTo("exact");
        }

        @Test
        void matchesIpv6LiteralsWithOrWithoutBrackets() {
            RouteTable<String> t = table(route("v6").hosts("[2001:db8::1]"), route("bare").hosts("::1"));
            assertThat(winner(t, "[2001:DB8::1]:8080", "/")).isEqualTo("v6");
            assertThat(winner(t, "[2001:db8::1]", "/")).isEqualTo("v6");
            assertThat(winner(t, "2001:db8::1", "/")).isEqualTo("v6");
            assertThat(winner(t, "[::1]:443", "/")).isEqualTo("bare");
            assertThat(winner(t, "[::2]", "/")).isEqualTo("404");
        }

        @Test
        void missingHostMatchesOnlyRoutesWithoutHosts() {
            RouteTable<String> t = table(route("hosted").hosts("a.com").paths("/a"), route("any").paths("/b"));
            assertThat(winner(t, null, "/a")).isEqualTo("404");
            assertThat(winner(t, null, "/b")).isEqualTo("any");
            assertThat(winner(t, "", "/b")).isEqualTo("any");
        }

        @Test
        void routeWithSeveralHostsRanksByTheHostThatMatched() {
            RouteTable<String> t = table(route("multi").hosts("*.a.com", "b.a.com").paths("/x"),
                    route("wild").hosts("*.a.com").paths("/x"));
            assertThat(winner(t, "c.a.com", "/x")).isEqualTo("multi");
            RouteTable<String> u = table(route("wild").hosts("*.a.com").paths("/x"),
                    route("multi").hosts("*.a.com", "b.a.com").paths("/x"));
            assertThat(winner(u, "c.a.com", "/x")).isEqualTo("wild");
            assertThat(winner(u, "b.a.com", "/x")).isEqualTo("multi");
        }
    }

    @Nested
    class Paths {

        @Test
        void prefixMatchesWholeSegmentsOnly() {
            RouteTable<String> t = table(route("users").paths("/users"));
            assertThat(winner(t, "h", "/users")).isEqualTo("users");
            assertThat(winner(t, "h", "/users/")).isEqualTo("users");
            assertThat(winner(t, "h", "/users/1")).isEqualTo("users");
            assertThat(winner(t, "h", "/usersx")).isEqualTo("404");
            assertThat(winner(t, "h", "/user")).isEqualTo("404");
            assertThat(winner(t, "h", "/")).isEqualTo("404");
        }

        @Test
        void prefixMatchedLengthLeavesRestWithLeadingSlash() {
            RouteTable<String> t = table(route("users").paths("/users"), route("root").paths("/"),
                    route("slash").paths("/v1/"));
            assertThat(found(t, "h", "/users/1").matchedLength()).isEqualTo(6);
            assertThat(found(t, "h", "/users").matchedLength()).isEqualTo(6);
            assertThat(found(t, "h", "/other").matchedLength()).isZero();
            assertThat(found(t, "h", "/v1/x").matchedLength()).isEqualTo(3);
            assertThat(found(t, "h", "/v1/x").value()).isEqualTo("slash");
            assertThat(found(t, "h", "/v1").value()).isEqualTo("root");
        }

        @Test
        void rootMatchesEveryPath() {
            RouteTable<String> t = table(route("root").paths("/"));
            assertThat(winner(t, "h", "/")).isEqualTo("root");
            assertThat(winner(t, "h", "/a/b/c")).isEqualTo("root");
        }

        @Test
        void exactMatchesOnlyTheWholePath() {
            RouteTable<String> t = table(route("exact").paths("=/users"));
            assertThat(found(t, "h", "/users").matchedLength()).isEqualTo(6);
            assertThat(winner(t, "h", "/users/")).isEqualTo("404");
            assertThat(winner(t, "h", "/users/1")).isEqualTo("404");
        }

        @Test
        void templateCapturesOneNonEmptySegmentPerVariable() {
            RouteTable<String> t = table(route("t").paths("/users/{id}/orders/{order}"));
            RouteMatch.Found<String> found = found(t, "h", "/users/7/orders/42");
            assertThat(found.captures()).containsOnly(Map.entry("id", "7"), Map.entry("order", "42"));
            assertThat(found.matchedLength()).isEqualTo("/users/7/orders/42".length());
            assertThat(winner(t, "h", "/users//orders/42")).isEqualTo("404");
            assertThat(winner(t, "h", "/users/7/orders")).isEqualTo("404");
            assertThat(winner(t, "h", "/users/7/orders/")).isEqualTo("404");
        }

        @Test
        void templateIsASegmentPrefix() {
            RouteTable<String> t = table(route("t").paths("/users/{id}"));
            RouteMatch.Found<String> found = found(t, "h", "/users/7/orders");
            assertThat(found.matchedLength()).isEqualTo(8);
            assertThat(found.captures()).containsExactly(Map.entry("id", "7"));
            assertThat(winner(t, "h", "/users")).isEqualTo("404");
            assertThat(winner(t, "h", "/users/")).isEqualTo("404");
        }

        @Test
        void bracesInsideASegmentAreLiteral() {
            RouteTable<String> t = table(route("t").paths("/files/{name}.json"), route("e").paths("=/x/{id}"));
            assertThat(winner(t, "h", "/files/{name}.json")).isEqualTo("t");
            assertThat(winner(t, "h", "/files/a.json")).isEqualTo("404");
            assertThat(winner(t, "h", "/x/{id}")).isEqualTo("e");
            assertThat(winner(t, "h", "/x/1")).isEqualTo("404");
        }

        @Test
        void regexIsAnchoredAtThePathStartOnly() {
            RouteTable<String> t = table(route("r").paths("~/u/\\d+"));
            RouteMatch.Found<String> found = found(t, "h", "/u/12/x");
            assertThat(found.matchedLength()).isEqualTo(5);
            assertThat(found.captures()).isEmpty();
            assertThat(winner(t, "h", "/x/u/12")).isEqualTo("404");
        }

        @Test
        void regexNamedGroupsBecomeCaptures() {
            RouteTable<String> t = table(route("r").paths("~/(?<kind>[a-z]+)/(?<id>\\d+)(?<rest>/.*)?"));
            RouteMatch.Found<String> found = found(t, "h", "/users/12");
            assertThat(found.captures()).containsOnly(Map.entry("kind", "users"), Map.entry("id", "12"));
            assertThat(found.matchedLength()).isEqualTo(9);
        }

        @Test
        void pathWithoutLeadingSlashNeverMatches() {
            RouteTable<String> t = table(route("odd").paths("users"), route("root").paths("=/"));
            assertThat(winner(t, "h", "/users")).isEqualTo("404");
            assertThat(winner(t, "h", "/")).isEqualTo("root");
        }

        @Test
        void rejectsInvalidRegexWithItsPath() {
            assertThatThrownBy(() -> table(route("bad").paths("~(")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("~( (expected: a valid regular expression");
        }
    }

    @Nested
    class MethodsAndHeaders {

        @Test
        void answers405WithTheMethodsOfRoutesMatchingHostAndPath() {
            RouteTable<String> t = table(route("get").paths("/a").methods("GET", "HEAD"),
                    route("post").paths("/a/b").methods("POST"), route("other").hosts("x.com").methods("PUT"),
                    route("deeper").paths("/a/b/c").methods("DELETE"));
            RouteMatch<String> match = t.match("h", "/a/b", "PATCH", null);
            assertThat(match).isInstanceOf(RouteMatch.MethodNotAllowed.class);
            assertThat(((RouteMatch.MethodNotAllowed<String>) match).allowedMethods())
                    .containsExactly("GET", "HEAD", "POST");
        }

        @Test
        void lowerRankedRouteWithMatchingMethodWins() {
            RouteTable<String> t = table(route("root").paths("/"), route("post").paths("/a").methods("POST"));
            assertThat(describe(t.match("h", "/a", "GET", null))).isEqualTo("root");
            assertThat(describe(t.match("h", "/a", "POST", null))).isEqualTo("post");
        }

        @Test
        void methodsAreCaseSensitive() {
            RouteTable<String> t = table(route("get").methods("GET"));
            assertThat(describe(t.match("h", "/", "get", null))).isEqualTo("405 [GET]");
        }

        @Test
        void headerMustCarryOneOfTheListedValues() {
            RouteTable<String> t = table(route("v1").paths("/a").header("x-api-version", "1", "1.1"),
                    route("fallback").paths("/").methods("POST"));
            assertThat(describe(t.match("h", "/a", "GET", headers("X-API-Version", "1.1")))).isEqualTo("v1");
            assertThat(describe(t.match("h", "/a", "GET", headers("x-api-version", "2", "x-api-version", "1"))))
                    .isEqualTo("v1");
            assertThat(describe(t.match("h", "/a", "GET", headers("x-api-version", "V1")))).isEqualTo("405 [POST]");
            assertThat(describe(t.match("h", "/a", "GET", headers("x-api-version", "1, 2")))).isEqualTo("405 [POST]");
            assertThat(describe(t.match("h", "/a", "GET", null))).isEqualTo("405 [POST]");
        }

        @Test
        void everyListedHeaderIsRequired() {
            RouteTable<String> t = table(route("both").header("a", "1").header("b", "2"));
            assertThat(describe(t.match("h", "/", "GET", headers("a", "1", "b", "2")))).isEqualTo("both");
            assertThat(describe(t.match("h", "/", "GET", headers("a", "1")))).isEqualTo("404");
        }

        @Test
        void emptyValueListRequiresOnlyPresence() {
            RouteTable<String> t = table(route("present").header("x-debug"));
            assertThat(describe(t.match("h", "/", "GET", headers("X-Debug", "anything")))).isEqualTo("present");
            assertThat(describe(t.match("h", "/", "GET", headers()))).isEqualTo("404");
        }

        @Test
        void routesFailingHeadersDoNotCountFor405() {
            RouteTable<String> t = table(route("post").methods("POST").header("x", "1"));
            assertThat(describe(t.match("h", "/", "GET", null))).isEqualTo("404");
            assertThat(describe(t.match("h", "/", "GET", headers("x", "1")))).isEqualTo("405 [POST]");
        }
    }

    @Nested
    class Results {

        @Test
        void notFoundIsTheSharedSingleton() {
            RouteTable<String> t = table(route("a").paths("/a"));
            assertThat(t.match("h", "/b", "GET", null)).isSameAs(RouteMatch.NotFound.instance());
            assertThat(RouteTable.<String>compile(List.of()).match(null, "/", "GET", null))
                    .isSameAs(RouteMatch.NotFound.instance());
        }

        @Test
        void literalMatchesReturnASharedResultWithTheSharedEmptyMap() {
            RouteTable<String> t = table(route("p").paths("/a"), route("e").paths("=/b"));
            assertThat(t.match("h", "/a/1", "GET", null)).isSameAs(t.match("h", "/a/2", "GET", null));
            assertThat(found(t, "h", "/a").captures()).isSameAs(Map.of());
            assertThat(found(t, "h", "/b").captures()).isSameAs(Map.of());
        }

        @Test
        void literalMatchAllocatesNothing() {
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            RouteTable<String> t = table(route("p").hosts("api.example.com").paths("/users"),
                    route("w").hosts("*.example.org").paths("/orders/{id}"), route("e").paths("=/status"),
                    route("r").paths("~/legacy/.*"));
            HttpHeaders headers = headers("x-api-version", "1");
            for (int i = 0; i < 20_000; i++) {
                t.match("API.example.com:8443", "/users/7/orders", "GET", headers);
            }
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < 10_000; i++) {
                t.match("API.example.com:8443", "/users/7/orders", "GET", headers);
                t.match("api.example.com", "/status", "GET", headers);
            }
            long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            assertThat(allocated).isLessThan(4_096);
        }

        @Test
        void survivesOddSpecs() {
            List<RouteTable.Entry<String>> entries = List.of(new RouteTable.Entry<>(new RouteSpec("odd",
                    List.of("", "*", "*.", ".", "[", "::"), List.of("", "=", "~", "//", "/{}", "/{x}/{x}", "x"),
                    List.of(), Map.of("h", List.of()), null, null, false, false, 0, List.of(), 0), "odd"));
            RouteTable<String> t = RouteTable.compile(entries);
            assertThat(describe(t.match("", "/a", "GET", headers("h", "")))).isEqualTo("odd");
            assertThat(describe(t.match("[", "/", "GET", null))).isEqualTo("404");
            assertThat(describe(t.match(":::", "", "GET", headers("h", "")))).isEqualTo("404");
        }
    }
}
