package io.portico.plugins.requesttransformer;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugins.PluginGateway;
import io.portico.server.GatewayFixture;
import io.portico.testing.RecordedRequest;
import io.portico.testing.TestOrigin;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** request-transformer in a real gateway: what the origin receives. */
class RequestTransformerIT {

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            services: [{name: accounts, url: "http://${ORIGIN}/api"}]
            routes:
              - name: users
                paths: ["/users/{id}"]
                service: accounts
                plugins:
                  - name: request-transformer
                    config:
                      http_method: POST
                      replace: {uri: "/v2/accounts/{id}"}
                      remove: {headers: [x-internal], querystring: [debug]}
                      rename: {querystring: ["p:page"]}
                      add: {headers: ["x-account-id:$(uri_captures.id)"], querystring: ["source:gateway"]}
              - name: legacy
                paths: ["/legacy"]
                service: accounts
                plugins:
                  - name: request-transformer
                    config: {append: {headers: ["x-legacy:yes"]}}
            """;

    @RegisterExtension
    static final PluginGateway gateway = new PluginGateway(CONFIG);

    private final GatewayFixture portico = gateway.portico();
    private final TestOrigin origin = gateway.origin();

    @Test
    void rewritesPathMethodHeadersAndQueryBeforeTheRequestGoesUpstream() throws Exception {
        HttpResponse<String> response = portico.send(portico.request("/users/42?p=3&debug=1")
                .header("x-internal", "secret-route-info"));

        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.uri()).isEqualTo("/api/v2/accounts/42?page=3&source=gateway");
        assertThat(received.header("x-account-id")).isEqualTo("42");
        assertThat(received.header("x-internal")).isNull();
    }

    @Test
    void leavesThePathAloneWhenOnlyHeadersChange() throws Exception {
        portico.get("/legacy/reports?year=2026");

        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(received.method()).isEqualTo("GET");
        assertThat(received.uri()).isEqualTo("/api/reports?year=2026");
        assertThat(received.header("x-legacy")).isEqualTo("yes");
    }
}
