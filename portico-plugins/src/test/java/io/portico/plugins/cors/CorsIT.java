package io.portico.plugins.cors;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugins.PluginGateway;
import io.portico.server.GatewayFixture;
import io.portico.testing.RecordedRequest;
import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** cors in a real gateway: preflights, actual responses, Portico's own errors. */
class CorsIT {

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            services:
              - {name: echo, url: "http://${ORIGIN}"}
            routes:
              - {name: open, paths: ["/open"], service: echo, strip_path: false}
              - name: api
                paths: ["/api"]
                service: echo
                strip_path: false
                plugins:
                  - name: cors
                    config:
                      origins: ["https://app.example.com", "~^https://[a-z0-9-]+\\\\.partner\\\\.example$"]
                      methods: [GET, POST, DELETE]
                      exposed_headers: [X-Total-Count]
                      credentials: true
                      max_age: 600
                  - {name: ip-restriction, config: {deny: ["192.0.2.0/24"]}}
              - name: denied
                paths: ["/denied"]
                service: echo
                strip_path: false
                plugins:
                  - {name: cors, config: {origins: ["https://app.example.com"]}}
                  - {name: ip-restriction, config: {deny: ["127.0.0.1"]}}
              - name: public
                paths: ["/public"]
                service: echo
                strip_path: false
                plugins: [{name: cors}]
              - name: delegated
                paths: ["/delegated"]
                service: echo
                strip_path: false
                plugins: [{name: cors, config: {origins: ["https://app.example.com"], preflight_continue: true}}]
            """;

    @RegisterExtension
    static final PluginGateway gateway = new PluginGateway(CONFIG);

    private final GatewayFixture portico = gateway.portico();
    private final TestOrigin origin = gateway.origin();

    @Test
    void answersAPreflightWithoutReachingTheOrigin() throws Exception {
        HttpResponse<String> response = preflight("/api/items", "https://app.example.com");

        assertThat(response.statusCode()).isEqualTo(204);
        HttpHeaders headers = response.headers();
        assertThat(headers.allValues("Access-Control-Allow-Origin")).containsExactly("https://app.example.com");
        assertThat(headers.firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(headers.firstValue("Access-Control-Allow-Methods")).hasValue("GET, POST, DELETE");
        assertThat(headers.firstValue("Access-Control-Allow-Headers")).hasValue("content-type, x-api-key");
        assertThat(headers.firstValue("Access-Control-Max-Age")).hasValue("600");
        assertThat(headers.firstValue("Vary")).hasValue("Origin, Access-Control-Request-Headers");
        assertThat(response.body()).isEmpty();
        assertOriginReceivedNothing();
    }

    @Test
    void addsCorsHeadersToAnActualResponse() throws Exception {
        origin.route("/api/items", Reply.status(200).header("X-Total-Count", "3").header("Vary", "Accept-Encoding"));

        HttpResponse<String> response = portico.send(portico.request("/api/items").header("Origin", "https://app.example.com"));

        assertThat(response.statusCode()).isEqualTo(200);
        HttpHeaders headers = response.headers();
        assertThat(headers.allValues("Access-Control-Allow-Origin")).containsExactly("https://app.example.com");
        assertThat(headers.firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(headers.firstValue("Access-Control-Expose-Headers")).hasValue("X-Total-Count");
        assertThat(headers.allValues("Vary")).containsExactly("Accept-Encoding", "Origin");
        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(received.header("origin")).isEqualTo("https://app.example.com");
    }

    @Test
    void allowsAnOriginMatchedByARegex() throws Exception {
        HttpResponse<String> preflight = preflight("/api/items", "https://shop-7.partner.example");
        HttpResponse<String> actual = portico.send(portico.request("/api/items").header("Origin", "https://shop-7.partner.example"));

        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://shop-7.partner.example");
        assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://shop-7.partner.example");
    }

    @Test
    void givesNoCorsHeadersToAnotherOrigin() throws Exception {
        HttpResponse<String> preflight = preflight("/api/items", "https://shop.partner.example.evil.net");
        origin.route("/api/items", Reply.status(200).header("Access-Control-Allow-Origin", "*"));
        HttpResponse<String> actual = portico.send(portico.request("/api/items").header("Origin", "https://evil.example"));

        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().map().keySet()).noneMatch(name -> name.startsWith("access-control-"));
        assertThat(actual.statusCode()).isEqualTo(200); // the browser, not Portico, withholds it from the page
        assertThat(actual.headers().map().keySet()).noneMatch(name -> name.startsWith("access-control-"));
        assertThat(actual.headers().firstValue("Vary")).hasValue("Origin");
    }

    @Test
    void addsCorsHeadersToPorticosOwnErrors() throws Exception {
        HttpResponse<String> response = portico.send(portico.request("/denied").header("Origin", "https://app.example.com"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
        assertThat(response.body()).contains("\"error\":\"forbidden\"");
    }

    @Test
    void answersPreflightsBeforeAccessPluginsRun() throws Exception {
        // ip-restriction denies this client on /denied, but a preflight is answered in the rewrite phase.
        HttpResponse<String> response = preflight("/denied", "https://app.example.com");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
    }

    @Test
    void allowsEveryOriginWithAStarByDefault() throws Exception {
        HttpResponse<String> preflight = preflight("/public", "https://anyone.example");
        HttpResponse<String> actual = portico.send(portico.request("/public").header("Origin", "https://anyone.example"));

        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods"))
                .hasValue("GET, HEAD, PUT, PATCH, POST, DELETE, OPTIONS, TRACE, CONNECT");
        assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(actual.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
    }

    @Test
    void passesPreflightsToTheOriginWithPreflightContinue() throws Exception {
        origin.route("/delegated", Reply.status(200).header("Access-Control-Allow-Origin", "https://app.example.com")
                .header("Access-Control-Allow-Methods", "PUT"));

        HttpResponse<String> response = preflight("/delegated/items", "https://app.example.com");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("Access-Control-Allow-Methods")).containsExactly("PUT");
        assertThat(origin.awaitRequests(1).get(0).method()).isEqualTo("OPTIONS");
    }

    private HttpResponse<String> preflight(String path, String from) throws Exception {
        return portico.send(portico.request(path)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", from)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type, x-api-key"));
    }

    /** A request on a route without CORS is the only one the origin gets: the preflight never reached it. */
    private void assertOriginReceivedNothing() throws Exception {
        assertThat(portico.get("/open").statusCode()).isEqualTo(200);
        assertThat(origin.awaitRequests(1)).extracting(RecordedRequest::path).containsExactly("/open");
    }
}
