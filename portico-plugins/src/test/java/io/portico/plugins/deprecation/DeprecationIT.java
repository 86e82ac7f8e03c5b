package io.portico.plugins.deprecation;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugins.PluginGateway;
import io.portico.server.GatewayFixture;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** deprecation in a real gateway: the old version's responses carry the headers, the new one's do not. */
class DeprecationIT {

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            services:
              - {name: echo, url: "http://${ORIGIN}"}
            routes:
              - name: orders-v1
                paths: ["/v1/orders"]
                service: echo
                plugins:
                  - name: deprecation
                    config:
                      deprecated_at: 2026-01-01
                      sunset: "2027-06-30T00:00:00Z"
                      link: https://developer.example.com/migrate-to-v2
              - name: orders-v1-denied
                paths: ["/v1/private"]
                service: echo
                plugins:
                  - {name: ip-restriction, config: {deny: ["127.0.0.1"]}}
                  - {name: deprecation, config: {deprecated_at: 2026-01-01}}
              - {name: orders-v2, paths: ["/v2/orders"], service: echo}
            """;

    @RegisterExtension
    static final PluginGateway gateway = new PluginGateway(CONFIG);

    private final GatewayFixture portico = gateway.portico();

    @Test
    void marksResponsesOfTheDeprecatedVersion() throws Exception {
        HttpResponse<String> response = portico.get("/v1/orders/7");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("Deprecation")).containsExactly("@1767225600");
        assertThat(response.headers().allValues("Sunset")).containsExactly("Wed, 30 Jun 2027 00:00:00 GMT");
        assertThat(response.headers().allValues("Link"))
                .containsExactly("<https://developer.example.com/migrate-to-v2>; rel=\"deprecation\"");
    }

    @Test
    void marksPorticosOwnAnswersToo() throws Exception {
        HttpResponse<String> response = portico.get("/v1/private");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().allValues("Deprecation")).containsExactly("@1767225600");
    }

    @Test
    void leavesTheCurrentVersionAlone() throws Exception {
        HttpResponse<String> response = portico.get("/v2/orders/7");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().map()).doesNotContainKeys("deprecation", "sunset", "link");
    }
}
