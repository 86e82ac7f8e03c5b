package io.portico.routing;

import static io.portico.routing.TestRoute.route;
import static io.portico.routing.TestRoute.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

/** {@code ~regex} header values: versioning by media type ({@code Accept: application/vnd.example.v2+json}). */
class HeaderPatternTest {

    /** The default is declared last: header conditions do not rank, declaration order breaks the tie. */
    private final RouteTable<String> routes = table(
            route("v2").paths("/orders").header("accept", "~application/vnd\\.example\\.v2\\+json"),
            route("v3").paths("/orders").header("accept", "~^application/vnd\\.example\\.v3(\\+json)?$", "v3"),
            route("v1").paths("/orders"));

    @Test
    void matchesAMediaTypeAnywhereInTheValue() {
        assertThat(routeFor("application/vnd.example.v2+json")).isEqualTo("v2");
        assertThat(routeFor("text/html, application/vnd.example.v2+json;q=0.9")).isEqualTo("v2");
        assertThat(routeFor("application/vnd.example.v2+json; charset=utf-8")).isEqualTo("v2");
    }

    @Test
    void honoursAnchorsAndMixesWithExactValues() {
        assertThat(routeFor("application/vnd.example.v3")).isEqualTo("v3");
        assertThat(routeFor("application/vnd.example.v3+json")).isEqualTo("v3");
        assertThat(routeFor("v3")).isEqualTo("v3");
        assertThat(routeFor("application/vnd.example.v3+xml")).isEqualTo("v1");
    }

    @Test
    void fallsBackWhenNoPatternMatches() {
        assertThat(routeFor("application/json")).isEqualTo("v1");
        assertThat(routeFor(null)).isEqualTo("v1");
        // The dot is escaped: "vnd-example" must not pass for "vnd.example".
        assertThat(routeFor("application/vnd-example.v2+json")).isEqualTo("v1");
    }

    @Test
    void anyOccurrenceOfARepeatedHeaderCanMatch() {
        HttpHeaders headers = new DefaultHttpHeaders().add("Accept", "text/plain")
                .add("Accept", "application/vnd.example.v2+json");
        assertThat(((RouteMatch.Found<String>) routes.match(null, "/orders", "GET", headers)).value()).isEqualTo("v2");
    }

    private String routeFor(String accept) {
        HttpHeaders headers = new DefaultHttpHeaders();
        if (accept != null) {
            headers.add("Accept", accept);
        }
        return ((RouteMatch.Found<String>) routes.match(null, "/orders", "GET", headers)).value();
    }
}
