package io.portico.plugins.responsetransformer;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugins.PluginGateway;
import io.portico.server.GatewayFixture;
import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** response-transformer in a real gateway: what the client receives. */
class ResponseTransformerIT {

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            services: [{name: users, url: "http://${ORIGIN}"}]
            routes:
              - name: profile
                paths: ["/profile"]
                service: users
                strip_path: false
                plugins:
                  - name: response-transformer
                    config:
                      remove: {json: [user.password], headers: [server]}
                      add: {json: ["user.address.country:FR"], headers: ["x-transformed:yes"]}
                      max_body_size: 64KB
              - name: download
                paths: ["/download"]
                service: users
                strip_path: false
                plugins:
                  - name: response-transformer
                    config: {add: {headers: ["x-transformed:headers-only"]}}
            """;

    @RegisterExtension
    static final PluginGateway gateway = new PluginGateway(CONFIG);

    private final GatewayFixture portico = gateway.portico();
    private final TestOrigin origin = gateway.origin();

    @BeforeEach
    void routes() {
        origin.route("/profile/alice", Reply.status(200).header("content-type", "application/json")
                .header("server", "users/1.0")
                .body("{\"user\":{\"name\":\"alice\",\"password\":\"s3cret\"}}"));
        origin.route("/profile/huge", Reply.status(200).header("content-type", "application/json")
                .body("{\"pad\":\"" + "x".repeat(100 * 1024) + "\"}"));
        origin.route("/download", Reply.generated(2 * 1024 * 1024).header("content-type", "application/json"));
    }

    @Test
    void rewritesAJsonBodyAndItsLength() throws Exception {
        HttpResponse<String> response = portico.get("/profile/alice");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"user\":{\"name\":\"alice\",\"address\":{\"country\":\"FR\"}}}");
        assertThat(response.headers().firstValueAsLong("content-length")).hasValue(response.body().length());
        assertThat(response.headers().firstValue("server")).isEmpty();
        assertThat(response.headers().firstValue("x-transformed")).hasValue("yes");
    }

    @Test
    void answers502ForAJsonBodyLargerThanItsBound() throws Exception {
        HttpResponse<String> response = portico.get("/profile/huge");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("\"error\":\"bad_gateway\"");
    }

    @Test
    void headerOnlyConfigurationsStreamBodiesOfAnySize() throws Exception {
        HttpResponse<String> response = portico.get("/download");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(2 * 1024 * 1024);
        assertThat(response.headers().firstValue("x-transformed")).hasValue("headers-only");
    }
}
