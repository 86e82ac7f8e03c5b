package io.portico.plugins.ratelimiting;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugins.PluginGateway;
import io.portico.server.GatewayFixture;
import io.portico.testing.TestOrigin;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** rate-limiting with policy local in a real gateway. */
class RateLimitingIT {

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            services:
              - {name: echo, url: "http://${ORIGIN}"}
            routes:
              - name: crowded
                paths: ["/crowded"]
                service: echo
                strip_path: false
                plugins:
                  - {name: rate-limiting, config: {minute: 100}}
              - name: small
                paths: ["/small"]
                service: echo
                strip_path: false
                plugins:
                  - {name: rate-limiting, config: {second: 1000, hour: 2, algorithm: fixed-window}}
              - name: by-tenant
                paths: ["/tenant"]
                service: echo
                strip_path: false
                plugins:
                  - name: rate-limiting
                    config: {day: 1, limit_by: header, header_name: X-Tenant, hide_client_headers: true}
            """;

    @RegisterExtension
    static final PluginGateway gateway = new PluginGateway(CONFIG);

    private final GatewayFixture portico = gateway.portico();
    private final TestOrigin origin = gateway.origin();

    @Test
    void fiftyConcurrentClientsGetExactlyTheLimitAndTheOriginSeesNoMore() throws Exception {
        ConcurrentClients.awaitRoomInTheCurrentMinute();

        ConcurrentClients.Outcome outcome = ConcurrentClients.send(50, 1_000, "/crowded", List.of(portico));

        assertThat(outcome.count(200)).isEqualTo(100);
        assertThat(outcome.count(429)).isEqualTo(900);
        assertThat(origin.requests("/crowded")).hasSize(100);
        assertThat(portico.scrapeMetrics().value("portico_rate_limited_total",
                "route", "crowded", "plugin", "rate-limiting")).isEqualTo(900);
    }

    @Test
    void setsTheHeadersOnProxiedResponsesAndOnRefusals() throws Exception {
        HttpResponse<String> first = portico.get("/small");
        HttpResponse<String> second = portico.get("/small");
        HttpResponse<String> refused = portico.get("/small");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("RateLimit-Limit")).hasValue("2");
        assertThat(first.headers().firstValue("RateLimit-Remaining")).hasValue("1");
        assertThat(first.headers().firstValue("RateLimit-Policy")).hasValue("1000;w=1, 2;w=3600");
        assertThat(first.headers().firstValue("X-RateLimit-Limit-Hour")).hasValue("2");
        assertThat(first.headers().firstValue("X-RateLimit-Remaining-Hour")).hasValue("1");
        assertThat(first.headers().firstValue("X-RateLimit-Limit-Second")).hasValue("1000");
        assertThat(first.headers().firstValue("Retry-After")).isEmpty();
        assertThat(second.headers().firstValue("RateLimit-Remaining")).hasValue("0");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("\"error\":\"rate_limited\"", "API rate limit exceeded");
        assertThat(refused.headers().firstValue("RateLimit-Remaining")).hasValue("0");
        assertThat(refused.headers().firstValue("X-RateLimit-Remaining-Hour")).hasValue("0");
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 3_600L);
        assertThat(refused.headers().firstValue("RateLimit-Reset")).hasValue(Long.toString(retryAfter));
        assertThat(origin.requests("/small")).hasSize(2);
    }

    @Test
    void countsEachHeaderValueApartAndHidesTheLimits() throws Exception {
        HttpResponse<String> a = portico.send(portico.request("/tenant").header("X-Tenant", "a"));
        HttpResponse<String> b = portico.send(portico.request("/tenant").header("X-Tenant", "b"));
        HttpResponse<String> again = portico.send(portico.request("/tenant").header("X-Tenant", "a"));

        assertThat(a.statusCode()).isEqualTo(200);
        assertThat(b.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(429);
        assertThat(a.headers().map().keySet()).noneMatch(name -> name.toLowerCase().contains("ratelimit"));
        assertThat(again.headers().firstValue("Retry-After")).isPresent();
    }
}
