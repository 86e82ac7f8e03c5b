package io.portico.plugins.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugins.PluginGateway;
import io.portico.server.GatewayFixture;
import io.portico.testing.PrometheusScrape;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The prometheus plugin in a real gateway: known traffic, then the scraped text parsed and checked. */
class PrometheusIT {

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            services:
              - {name: users, url: "http://${ORIGIN}"}
            routes:
              - {name: users-v1, paths: ["/users"], service: users}
              - {name: timed, paths: ["/timed"], service: users}
              - {name: upload, paths: ["/upload"], service: users}
              - name: private
                paths: ["/private"]
                service: users
                plugins: [{name: key-auth}, {name: prometheus, config: {per_consumer: true}}]
              - {name: unmeasured, paths: ["/unmeasured"], service: users, plugins: [{name: prometheus, enabled: false}]}
              - {name: status, paths: ["=/status"], response: {status: 200, body: "ok"}}
            plugins:
              - {name: prometheus}
            consumers:
              - {username: alice, credentials: {key-auth: [{key: k-alice}]}}
            """;

    @RegisterExtension
    static final PluginGateway gateway = new PluginGateway(CONFIG);

    private final GatewayFixture portico = gateway.portico();

    @Test
    void countsKnownTrafficByRouteServiceMethodAndStatus() throws Exception {
        for (int i = 0; i < 7; i++) {
            assertThat(portico.get("/users/" + i).statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(portico.get("/status").statusCode()).isEqualTo(200);
        }
        assertThat(portico.get("/private").statusCode()).isEqualTo(401);
        assertThat(portico.send(portico.request("/private").header("apikey", "k-alice")).statusCode()).isEqualTo(200);
        assertThat(portico.send(portico.request("/users/x").method("DELETE",
                java.net.http.HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(200);

        // The log phase runs after the response is written: wait for the last one to be counted.
        PrometheusScrape metrics = Awaitility.await().atMost(Duration.ofSeconds(5)).until(portico::scrapeMetrics,
                scraped -> scraped.sum("portico_requests_total", "route", "users-v1") == 8
                        && scraped.sum("portico_requests_total", "route", "private") == 2);

        assertThat(metrics.type("portico_requests_total")).isEqualTo("counter");
        assertThat(metrics.value("portico_requests_total",
                "route", "users-v1", "service", "users", "method", "GET", "status", "200")).isEqualTo(7);
        assertThat(metrics.value("portico_requests_total",
                "route", "users-v1", "service", "users", "method", "DELETE", "status", "200")).isEqualTo(1);
        assertThat(metrics.value("portico_requests_total",
                "route", "status", "service", "", "method", "GET", "status", "200")).isEqualTo(3);
        assertThat(metrics.value("portico_requests_total",
                "route", "private", "service", "users", "method", "GET", "status", "401")).isEqualTo(1);
        assertThat(metrics.value("portico_consumer_requests_total", "route", "private", "consumer", "alice"))
                .isEqualTo(1);
        assertThat(metrics.matching("portico_requests_total", "route", "unmeasured")).isEmpty();
    }

    @Test
    void latencyHistogramsHaveEveryBucketAndCountEachRequestOnce() throws Exception {
        for (int i = 0; i < 5; i++) {
            portico.get("/timed/" + i);
        }

        PrometheusScrape metrics = Awaitility.await().atMost(Duration.ofSeconds(5)).until(portico::scrapeMetrics,
                scraped -> scraped.sum("portico_request_duration_seconds_count", "route", "timed") == 5);

        assertThat(metrics.type("portico_request_duration_seconds")).isEqualTo("histogram");
        // The Java client writes 0.0005 as 5.0E-4; Prometheus reads le as a number either way.
        assertThat(metrics.matching("portico_request_duration_seconds_bucket", "route", "timed"))
                .extracting(sample -> Double.parseDouble(sample.labels().get("le").replace("+Inf", "Infinity")))
                .containsExactly(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
                        60.0, Double.POSITIVE_INFINITY);
        assertThat(metrics.value("portico_request_duration_seconds_bucket", "route", "timed", "le", "+Inf"))
                .isEqualTo(5);
        assertThat(metrics.value("portico_upstream_duration_seconds_count", "route", "timed")).isEqualTo(5);
        assertThat(metrics.value("portico_request_duration_seconds_sum", "route", "timed")).isPositive();
    }

    @Test
    void countsBodyBytesInAndOut() throws Exception {
        portico.send(portico.request("/upload").POST(java.net.http.HttpRequest.BodyPublishers.ofString("x".repeat(1000))));

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> portico.scrapeMetrics().sum(
                "portico_bandwidth_bytes_total", "route", "upload", "direction", "ingress") == 1000);
        assertThat(portico.scrapeMetrics().value("portico_bandwidth_bytes_total",
                "route", "upload", "direction", "egress")).isPositive();
    }
}
