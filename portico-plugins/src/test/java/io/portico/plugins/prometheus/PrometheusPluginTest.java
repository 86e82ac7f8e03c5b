package io.portico.plugins.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.Completed;
import io.portico.plugin.Consumer;
import io.portico.plugin.Plugin;
import io.portico.plugin.RouteInfo;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugin.testing.TestExchange;
import io.portico.plugin.testing.TestPluginContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusPluginTest {

    private final TestPluginContext context = new TestPluginContext();

    private Plugin forRoute(Map<String, ?> config, String route, String service) {
        ConfigProbe<PrometheusConfig> probe = ConfigProbe.read(new PrometheusPluginType(), config);
        assertThat(probe.problems()).isEmpty();
        return new PrometheusPluginType().create(probe.config(), context).forRoute(new RouteInfo(route, service));
    }

    private static Completed completed(int status, long durationNanos, long upstreamNanos, long in, long out) {
        return new Completed(status, null, in, out, durationNanos, upstreamNanos, 0, List.of());
    }

    @Test
    void countsRequestsByRouteServiceMethodAndStatus() {
        Plugin plugin = forRoute(Map.of(), "users-v1", "users");
        TestExchange get = TestExchange.get("/users");
        TestExchange post = TestExchange.get("/users");
        post.method = "POST";

        plugin.log(get, completed(200, 1_000_000, 500_000, 0, 10));
        plugin.log(get, completed(200, 1_000_000, 500_000, 0, 10));
        plugin.log(post, completed(429, 1_000_000, -1, 5, 0));

        assertThat(context.metrics.value("portico_requests_total", "users-v1", "users", "GET", "200")).isEqualTo(2);
        assertThat(context.metrics.value("portico_requests_total", "users-v1", "users", "POST", "429")).isEqualTo(1);
    }

    @Test
    void anInventedMethodIsCountedAsOtherSoClientsCannotCreateSeries() {
        Plugin plugin = forRoute(Map.of(), "r", "s");
        TestExchange exchange = TestExchange.get("/");
        exchange.method = "BREW";

        plugin.log(exchange, completed(405, 1, -1, 0, 0));

        assertThat(context.metrics.value("portico_requests_total", "r", "s", "OTHER", "405")).isEqualTo(1);
    }

    @Test
    void aRouteWithoutServiceIsLabelledWithAnEmptyService() {
        Plugin plugin = forRoute(Map.of(), "status", null);

        plugin.log(TestExchange.get("/status"), completed(200, 1, -1, 0, 2));

        assertThat(context.metrics.value("portico_requests_total", "status", "", "GET", "200")).isEqualTo(1);
    }

    @Test
    void observesLatenciesInSecondsAndUpstreamOnlyWhenAnUpstreamWasTried() {
        Plugin plugin = forRoute(Map.of(), "r", "s");

        plugin.log(TestExchange.get("/"), completed(200, 250_000_000, 200_000_000, 0, 0));
        plugin.log(TestExchange.get("/"), completed(401, 1_000_000, -1, 0, 0));

        assertThat(context.metrics.observed("portico_request_duration_seconds", "r")).containsExactly(0.25, 0.001);
        assertThat(context.metrics.observed("portico_upstream_duration_seconds", "r")).containsExactly(0.2);
    }

    @Test
    void countsBandwidthBothWays() {
        Plugin plugin = forRoute(Map.of(), "r", "s");

        plugin.log(TestExchange.get("/"), completed(200, 1, 1, 100, 2_000));
        plugin.log(TestExchange.get("/"), completed(200, 1, 1, 0, 500));

        assertThat(context.metrics.value("portico_bandwidth_bytes_total", "r", "ingress")).isEqualTo(100);
        assertThat(context.metrics.value("portico_bandwidth_bytes_total", "r", "egress")).isEqualTo(2_500);
    }

    @Test
    void countsConsumersOnlyWhenAskedTo() {
        TestExchange alice = TestExchange.get("/");
        alice.consumer = new Consumer("alice", List.of());

        forRoute(Map.of(), "r", "s").log(alice, completed(200, 1, 1, 0, 0));
        assertThat(context.metrics.value("portico_consumer_requests_total", "r", "alice")).isZero();

        forRoute(Map.of("per_consumer", true), "r", "s").log(alice, completed(200, 1, 1, 0, 0));
        assertThat(context.metrics.value("portico_consumer_requests_total", "r", "alice")).isEqualTo(1);
    }

    @Test
    void eachFamilyCanBeTurnedOff() {
        Plugin plugin = forRoute(Map.of("status_code_metrics", false, "latency_metrics", false,
                "bandwidth_metrics", false), "r", "s");

        plugin.log(TestExchange.get("/"), completed(200, 1, 1, 10, 10));

        assertThat(context.metrics.value("portico_requests_total", "r", "s", "GET", "200")).isZero();
        assertThat(context.metrics.observed("portico_request_duration_seconds", "r")).isEmpty();
        assertThat(context.metrics.value("portico_bandwidth_bytes_total", "r", "egress")).isZero();
    }

    @Test
    void reportsKeysThatAreNotBooleansAndUnknownKeys() {
        ConfigProbe<PrometheusConfig> probe =
                ConfigProbe.read(new PrometheusPluginType(), Map.of("per_consumer", "yes", "buckets", List.of(1)));

        assertThat(probe.problems()).hasSize(2);
        assertThat(String.join("\n", probe.problems())).contains("per_consumer").contains("buckets");
    }
}
