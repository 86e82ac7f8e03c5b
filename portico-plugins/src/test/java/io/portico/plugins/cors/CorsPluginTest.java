package io.portico.plugins.cors;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.Action;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugin.testing.TestExchange;
import io.portico.plugin.testing.TestPluginContext;
import io.portico.plugin.testing.TestResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorsPluginTest {

    private static final Map<String, Object> LISTED = Map.of("origins",
            List.of("https://app.example.com", "http://localhost:3000", "~^https://[a-z0-9-]+\\.example\\.org$"));

    @Test
    void answersAPreflightFromAnAllowedOrigin() {
        CorsPlugin plugin = plugin(Map.of("origins", List.of("https://app.example.com"), "credentials", true,
                "max_age", 600, "methods", List.of("GET", "POST")));

        Action.Respond answer = preflight(plugin, "https://app.example.com", "content-type, x-api-key");

        assertThat(answer.status()).isEqualTo(204);
        assertThat(answer.body()).isEmpty();
        assertThat(answer.error()).isNull();
        assertThat(answer.headers()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "Vary", "Origin, Access-Control-Request-Headers",
                "Access-Control-Allow-Origin", "https://app.example.com",
                "Access-Control-Allow-Credentials", "true",
                "Access-Control-Allow-Methods", "GET, POST",
                "Access-Control-Allow-Headers", "content-type, x-api-key",
                "Access-Control-Max-Age", "600"));
    }

    @Test
    void answersAPreflightFromAnyOriginWithAStar() {
        Action.Respond answer = preflight(plugin(Map.of()), "https://anyone.example", null);

        assertThat(answer.headers()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "Access-Control-Allow-Origin", "*",
                "Access-Control-Allow-Methods", "GET, HEAD, PUT, PATCH, POST, DELETE, OPTIONS, TRACE, CONNECT"));
    }

    @Test
    void namesTheOriginInsteadOfAStarWithCredentials() {
        Action.Respond answer = preflight(plugin(Map.of("origins", "*", "credentials", true)), "https://anyone.example", null);

        assertThat(answer.headers())
                .containsEntry("Access-Control-Allow-Origin", "https://anyone.example")
                .containsEntry("Access-Control-Allow-Credentials", "true")
                .containsEntry("Vary", "Origin");
    }

    @Test
    void answersAPreflightFromAnotherOriginWithoutCorsHeaders() {
        Action.Respond answer = preflight(plugin(LISTED), "https://evil.example", "x-api-key");

        assertThat(answer.status()).isEqualTo(204);
        assertThat(answer.headers()).containsExactlyEntriesOf(Map.of("Vary", "Origin, Access-Control-Request-Headers"));
    }

    @Test
    void sendsTheConfiguredHeadersRatherThanTheRequestedOnes() {
        Action.Respond answer = preflight(plugin(Map.of("headers", List.of("Content-Type", "Authorization"))),
                "https://a.example", "x-anything");

        assertThat(answer.headers()).containsEntry("Access-Control-Allow-Headers", "Content-Type, Authorization")
                .doesNotContainKey("Vary");
    }

    @Test
    void doesNotEchoRequestedHeadersThatAreNotHeaderNames() {
        Action.Respond answer = preflight(plugin(Map.of()), "https://a.example", "x-ok, <script>");

        assertThat(answer.headers()).doesNotContainKey("Access-Control-Allow-Headers");
    }

    @Test
    void grantsPrivateNetworkAccessOnlyWhenConfiguredAndAsked() {
        TestExchange asked = preflightRequest("https://a.example", null).header("Access-Control-Request-Private-Network", "true");
        TestExchange notAsked = preflightRequest("https://a.example", null);

        assertThat(((Action.Respond) plugin(Map.of("private_network", true)).rewrite(asked)).headers())
                .containsEntry("Access-Control-Allow-Private-Network", "true");
        assertThat(((Action.Respond) plugin(Map.of("private_network", true)).rewrite(notAsked)).headers())
                .doesNotContainKey("Access-Control-Allow-Private-Network");
        assertThat(((Action.Respond) plugin(Map.of()).rewrite(asked)).headers())
                .doesNotContainKey("Access-Control-Allow-Private-Network");
    }

    @Test
    void matchesRegexesAgainstTheWholeOrigin() {
        CorsPlugin plugin = plugin(Map.of("origins", List.of("~https://.*\\.example\\.com")));

        assertThat(preflight(plugin, "https://shop.example.com", null).headers())
                .containsEntry("Access-Control-Allow-Origin", "https://shop.example.com");
        assertThat(preflight(plugin, "https://shop.example.com.evil.net", null).headers())
                .doesNotContainKey("Access-Control-Allow-Origin");
        assertThat(preflight(plugin, "http://shop.example.com", null).headers())
                .doesNotContainKey("Access-Control-Allow-Origin");
    }

    @Test
    void comparesOriginsWithoutCaseOrDefaultPort() {
        CorsPlugin plugin = plugin(LISTED);

        assertThat(preflight(plugin, "https://APP.example.com:443", null).headers())
                .containsEntry("Access-Control-Allow-Origin", "https://APP.example.com:443");
        assertThat(preflight(plugin, "https://app.example.com:8443", null).headers())
                .doesNotContainKey("Access-Control-Allow-Origin");
        assertThat(preflight(plugin, "http://localhost:3000", null).headers())
                .containsEntry("Access-Control-Allow-Origin", "http://localhost:3000");
        assertThat(preflight(plugin, "https://docs.example.org", null).headers())
                .containsEntry("Access-Control-Allow-Origin", "https://docs.example.org");
    }

    @Test
    void refusesAnOverlongOrigin() {
        CorsPlugin plugin = plugin(Map.of("origins", List.of("~https://.*")));
        String origin = "https://" + "a".repeat(AllowedOrigins.Listed.MAX_ORIGIN_LENGTH);

        assertThat(preflight(plugin, origin, null).headers()).doesNotContainKey("Access-Control-Allow-Origin");
    }

    @Test
    void letsOtherRequestsThrough() {
        CorsPlugin plugin = plugin(LISTED);
        TestExchange plainOptions = TestExchange.get("/");
        plainOptions.method = "OPTIONS";
        plainOptions.header("Origin", "https://app.example.com");
        TestExchange get = TestExchange.get("/").header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "GET");

        assertThat(plugin.rewrite(plainOptions)).isEqualTo(Action.proceed());
        assertThat(plugin.rewrite(get)).isEqualTo(Action.proceed());
    }

    @Test
    void passesPreflightsUpstreamUntouchedWithPreflightContinue() {
        CorsPlugin plugin = plugin(Map.of("origins", List.of("https://app.example.com"), "preflight_continue", true));
        TestExchange exchange = preflightRequest("https://app.example.com", null);
        TestResponse response = new TestResponse(200);
        response.headers.add("Access-Control-Allow-Origin", "https://upstream.example");

        assertThat(plugin.rewrite(exchange)).isEqualTo(Action.proceed());
        plugin.responseHeaders(exchange, response);

        assertThat(response.headers.getAll("Access-Control-Allow-Origin")).containsExactly("https://upstream.example");
        assertThat(response.headers.names()).containsExactly("access-control-allow-origin");
    }

    @Test
    void addsHeadersToAnActualResponseForAnAllowedOrigin() {
        CorsPlugin plugin = plugin(Map.of("origins", List.of("https://app.example.com"), "credentials", true,
                "exposed_headers", List.of("X-Total-Count", "ETag")));
        TestResponse response = new TestResponse(401);
        response.headers.add("Vary", "Accept-Encoding");

        plugin.responseHeaders(request("https://app.example.com"), response);

        assertThat(response.headers.get("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
        assertThat(response.headers.get("Access-Control-Allow-Credentials")).isEqualTo("true");
        assertThat(response.headers.get("Access-Control-Expose-Headers")).isEqualTo("X-Total-Count, ETag");
        assertThat(response.headers.getAll("Vary")).containsExactly("Accept-Encoding", "Origin");
    }

    @Test
    void addsAStarForAnyOriginWithoutVary() {
        TestResponse response = new TestResponse(200);

        plugin(Map.of()).responseHeaders(request("https://anyone.example"), response);

        assertThat(response.headers.get("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(response.headers.contains("Vary")).isFalse();
        assertThat(response.headers.contains("Access-Control-Allow-Credentials")).isFalse();
    }

    @Test
    void removesAnUpstreamGrantForAnOriginThatIsNotAllowed() {
        TestResponse response = new TestResponse(200);
        response.headers.add("Access-Control-Allow-Origin", "*");
        response.headers.add("Access-Control-Allow-Credentials", "true");

        plugin(LISTED).responseHeaders(request("https://evil.example"), response);

        assertThat(response.headers.names()).containsExactly("vary");
        assertThat(response.headers.get("Vary")).isEqualTo("Origin");
    }

    @Test
    void varyOnOriginEvenWithoutAnOriginSoCachesKeepAnswersApart() {
        TestResponse listed = new TestResponse(200);
        TestResponse star = new TestResponse(200);

        plugin(LISTED).responseHeaders(TestExchange.get("/"), listed);
        plugin(Map.of()).responseHeaders(TestExchange.get("/"), star);

        assertThat(listed.headers.names()).containsExactly("vary");
        assertThat(star.headers.names()).isEmpty();
    }

    @Test
    void doesNotRepeatOriginInVary() {
        TestResponse listed = new TestResponse(200);
        listed.headers.add("Vary", "accept-encoding, ORIGIN");
        TestResponse everything = new TestResponse(200);
        everything.headers.add("Vary", "*");

        plugin(LISTED).responseHeaders(request("https://app.example.com"), listed);
        plugin(LISTED).responseHeaders(request("https://app.example.com"), everything);

        assertThat(listed.headers.getAll("Vary")).containsExactly("accept-encoding, ORIGIN");
        assertThat(everything.headers.getAll("Vary")).containsExactly("*");
    }

    private static CorsPlugin plugin(Map<String, ?> config) {
        CorsPluginType type = new CorsPluginType();
        ConfigProbe<CorsConfig> probe = ConfigProbe.read(type, config);
        assertThat(probe.problems()).isEmpty();
        return (CorsPlugin) type.create(probe.config(), new TestPluginContext());
    }

    private static Action.Respond preflight(CorsPlugin plugin, String origin, String requestedHeaders) {
        TestExchange exchange = preflightRequest(origin, requestedHeaders);
        Action action = plugin.rewrite(exchange);
        assertThat(action).isInstanceOf(Action.Respond.class);
        // The preflight's answer passes through the response phase too, which must leave it alone.
        TestResponse response = new TestResponse(204);
        plugin.responseHeaders(exchange, response);
        assertThat(response.headers.names()).isEmpty();
        return (Action.Respond) action;
    }

    private static TestExchange preflightRequest(String origin, String requestedHeaders) {
        TestExchange exchange = TestExchange.get("/api/items");
        exchange.method = "OPTIONS";
        exchange.header("Origin", origin).header("Access-Control-Request-Method", "POST");
        if (requestedHeaders != null) {
            exchange.header("Access-Control-Request-Headers", requestedHeaders);
        }
        return exchange;
    }

    private static TestExchange request(String origin) {
        return TestExchange.get("/api/items").header("Origin", origin);
    }
}
