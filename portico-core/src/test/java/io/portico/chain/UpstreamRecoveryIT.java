package io.portico.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.server.GatewayFixture;
import io.portico.testing.RawHttpClient;
import io.portico.testing.RawResponse;
import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import io.portico.testing.TestPluginTypes;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code Plugin.recover}: a plugin may answer in place of an upstream failure, never of a success. */
class UpstreamRecoveryIT {

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            services:
              - {name: up, url: "http://${ORIGIN}"}
              - {name: down, url: "http://127.0.0.1:1"}
            routes:
              - {name: up, paths: [/up], service: up, strip_path: false, plugins: [{name: recover}, {name: trace}]}
              - {name: down, paths: [/down], service: down, plugins: [{name: recover}, {name: trace}]}
              - {name: plain, paths: [/plain], service: up, strip_path: false}
            """;

    private TestOrigin origin;
    private GatewayFixture portico;

    @BeforeEach
    void start() throws Exception {
        origin = TestOrigin.start();
        portico = GatewayFixture.start(CONFIG, Map.of("ORIGIN", "127.0.0.1:" + origin.port()), TestPluginTypes.registry());
    }

    @AfterEach
    void stop() throws Exception {
        portico.close();
        origin.close();
    }

    @Test
    void answersInPlaceOfAnUnreachableUpstreamAndTheAnswerGoesThroughResponseHeaders() throws Exception {
        HttpResponse<String> response = portico.get("/down");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("recovered from 502");
        assertThat(response.headers().firstValue("x-recovered")).hasValue("true");
        assertThat(response.headers().allValues("x-trace")).containsExactly("trace:local");
    }

    @Test
    void answersInPlaceOfAnUpstreamErrorStatusAndDropsItsBody() throws Exception {
        origin.route("/up/broken", Reply.status(503).body("origin is sad").chunked());
        origin.route("/up/fine", Reply.status(200).body("fine"));

        try (RawHttpClient raw = RawHttpClient.connect(portico.port())) {
            RawResponse broken = raw.exchange("GET /up/broken HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(broken.status()).isEqualTo(200);
            assertThat(broken.bodyText()).isEqualTo("recovered from 503");
            RawResponse fine = raw.exchange("GET /up/fine HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(fine.status()).isEqualTo(200);
            assertThat(fine.bodyText()).isEqualTo("fine");
        }
    }

    @Test
    void leavesOtherStatusesAndRoutesWithoutThePluginAlone() throws Exception {
        origin.route("/up/missing", Reply.status(404).body("nope"));
        origin.route("/plain", Reply.status(503).body("plain error"));

        assertThat(portico.get("/up/missing").body()).isEqualTo("nope");
        HttpResponse<String> plain = portico.get("/plain");
        assertThat(plain.statusCode()).isEqualTo(503);
        assertThat(plain.body()).isEqualTo("plain error");
    }
}
