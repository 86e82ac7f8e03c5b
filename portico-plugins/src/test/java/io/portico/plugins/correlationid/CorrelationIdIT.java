package io.portico.plugins.correlationid;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.observability.AccessLogEntry;
import io.portico.plugins.PluginGateway;
import io.portico.server.GatewayFixture;
import io.portico.testing.RecordedRequest;
import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** correlation-id in a real gateway: one id from the client to the upstream, the log and back. */
class CorrelationIdIT {

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            services:
              - {name: echo, url: "http://${ORIGIN}"}
            routes:
              - {name: default-header, paths: ["/default"], service: echo, strip_path: false}
              - name: denied
                paths: ["/denied"]
                service: echo
                plugins: [{name: ip-restriction, config: {deny: ["127.0.0.1"]}}]
              - name: custom-header
                paths: ["/custom"]
                service: echo
                strip_path: false
                plugins:
                  - {name: correlation-id, config: {header_name: X-Correlation-Id, generator: "uuid#counter"}}
              - name: not-echoed
                paths: ["/quiet"]
                service: echo
                strip_path: false
                plugins:
                  - {name: correlation-id, config: {header_name: X-Correlation-Id, echo_downstream: false}}
            plugins:
              - name: correlation-id
            """;

    @RegisterExtension
    static final PluginGateway gateway = new PluginGateway(CONFIG);

    private final GatewayFixture portico = gateway.portico();
    private final TestOrigin origin = gateway.origin();

    @Test
    void echoesTheRequestIdTheUpstreamAndTheLogSaw() throws Exception {
        HttpResponse<String> response = portico.get("/default");

        String echoed = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(echoed).matches("[0-9a-f]{32}");
        assertThat(origin.awaitRequests(1).get(0).header("x-request-id")).isEqualTo(echoed);
        AccessLogEntry logged = portico.awaitLogged(entry -> "/default".equals(entry.path()) && echoed.equals(entry.requestId()));
        assertThat(logged.status()).isEqualTo(200);
    }

    @Test
    void keepsTheClientsRequestId() throws Exception {
        HttpResponse<String> response = portico.send(portico.request("/default").header("X-Request-Id", "client-7"));

        assertThat(response.headers().allValues("X-Request-Id")).containsExactly("client-7");
        assertThat(origin.awaitRequests(1).get(0).headerValues("x-request-id")).containsExactly("client-7");
    }

    @Test
    void echoesTheRequestIdOfALocalError() throws Exception {
        HttpResponse<String> response = portico.get("/denied");

        assertThat(response.statusCode()).isEqualTo(403);
        String echoed = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(response.body()).contains("\"request_id\":\"" + echoed + "\"");
    }

    @Test
    void sendsAndEchoesAGeneratedIdInAnotherHeader() throws Exception {
        HttpResponse<String> first = portico.get("/custom");
        HttpResponse<String> second = portico.get("/custom");

        String firstId = first.headers().firstValue("X-Correlation-Id").orElseThrow();
        String secondId = second.headers().firstValue("X-Correlation-Id").orElseThrow();
        assertThat(firstId).matches("[0-9a-f-]{36}#\\d+");
        assertThat(secondId).startsWith(firstId.substring(0, 37)).isNotEqualTo(firstId);
        assertThat(origin.awaitRequests(2)).extracting(request -> request.header("x-correlation-id"))
                .containsExactly(firstId, secondId);
        // The route's config replaced the global one, so X-Request-Id is the core's alone.
        assertThat(first.headers().firstValue("X-Request-Id")).isEmpty();
    }

    @Test
    void keepsAnAcceptableClientIdAndReplacesAnotherOne() throws Exception {
        HttpResponse<String> kept = portico.send(portico.request("/custom").header("X-Correlation-Id", "job-12"));
        HttpResponse<String> replaced = portico.send(portico.request("/custom").header("X-Correlation-Id", "x".repeat(201)));

        assertThat(kept.headers().firstValue("X-Correlation-Id")).hasValue("job-12");
        String generated = replaced.headers().firstValue("X-Correlation-Id").orElseThrow();
        assertThat(generated).matches("[0-9a-f-]{36}#\\d+");
        assertThat(origin.awaitRequests(2)).extracting(request -> request.header("x-correlation-id"))
                .containsExactly("job-12", generated);
    }

    @Test
    void replacesAnIdTheUpstreamAnswersWith() throws Exception {
        origin.route("/custom/upstream", Reply.status(200).header("X-Correlation-Id", "upstream-own"));

        HttpResponse<String> response = portico.get("/custom/upstream");

        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(response.headers().allValues("X-Correlation-Id")).containsExactly(received.header("x-correlation-id"));
    }

    @Test
    void sendsButDoesNotEchoWhenEchoIsOff() throws Exception {
        HttpResponse<String> response = portico.get("/quiet");

        assertThat(response.headers().firstValue("X-Correlation-Id")).isEmpty();
        assertThat(origin.awaitRequests(1).get(0).header("x-correlation-id")).matches("[0-9a-f-]{36}");
    }
}
