package io.portico.plugins.tutorial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.portico.plugin.PluginRegistry;
import io.portico.server.GatewayFixture;
import io.portico.testing.TestOrigin;
import java.net.http.HttpResponse;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code maintenance-window} in a real gateway, in front of a real origin. */
class MaintenanceWindowIT {

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"], access_log: off}
            services:
              - name: shop
                url: "http://${ORIGIN}"
            routes:
              - name: orders
                paths: ["/orders"]
                service: shop
                strip_path: false
                plugins:
                  - name: maintenance-window
                    config: {start: "${START}", end: "${END}", message: "orders are being migrated"}
              - name: catalog
                paths: ["/catalog"]
                service: shop
                strip_path: false
            """;

    /** The built-in plugins, plus the tutorial's own: it is not registered for production. */
    private static final PluginRegistry PLUGINS = PluginRegistry.discover().with(new MaintenanceWindowPluginType());

    @Test
    void answers503DuringTheWindowAndTheOriginSeesNothing() throws Exception {
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        try (TestOrigin origin = TestOrigin.start();
                GatewayFixture gateway =
                        GatewayFixture.start(CONFIG, variables(origin, now.minusHours(1), now.plusHours(1)), PLUGINS)) {
            HttpResponse<String> orders = gateway.get("/orders/42");
            HttpResponse<String> catalog = gateway.get("/catalog");

            assertThat(orders.statusCode()).isEqualTo(503);
            assertThat(orders.body()).startsWith(
                    "{\"status\":503,\"error\":\"maintenance\",\"message\":\"orders are being migrated\",\"request_id\":\"");
            long retryAfter = Long.parseLong(orders.headers().firstValue("retry-after").orElseThrow());
            assertThat(retryAfter).isBetween(1L, 2 * 3600L);
            assertThat(catalog.statusCode()).isEqualTo(200);
            assertThat(origin.awaitRequests(1)).hasSize(1);
            assertThat(origin.requests("/orders")).isEmpty();
        }
    }

    @Test
    void proxiesOutsideTheWindow() throws Exception {
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        try (TestOrigin origin = TestOrigin.start();
                GatewayFixture gateway =
                        GatewayFixture.start(CONFIG, variables(origin, now.plusHours(2), now.plusHours(3)), PLUGINS)) {
            HttpResponse<String> orders = gateway.get("/orders/42");

            assertThat(orders.statusCode()).isEqualTo(200);
            assertThat(origin.awaitRequests(1).get(0).uri()).isEqualTo("/orders/42");
        }
    }

    @Test
    void aConfigurationErrorNamesTheKey() {
        Map<String, String> variables = Map.of("ORIGIN", "127.0.0.1:1", "START", "7pm", "END", "20:00");

        assertThat(catchThrowable(() -> GatewayFixture.spec(CONFIG, variables, PLUGINS)))
                .hasMessageContaining("routes[0].plugins[0].config.start: \"7pm\" (expected: a time of day as HH:MM)");
    }

    private static Map<String, String> variables(TestOrigin origin, LocalTime start, LocalTime end) {
        DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm");
        return Map.of("ORIGIN", "127.0.0.1:" + origin.port(), "START", start.format(hhmm), "END", end.format(hhmm));
    }
}
