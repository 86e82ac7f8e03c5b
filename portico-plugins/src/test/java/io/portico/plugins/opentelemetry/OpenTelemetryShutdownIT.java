package io.portico.plugins.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.PluginRegistry;
import io.portico.server.GatewayFixture;
import io.portico.testing.TestOrigin;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A stopping gateway sends the spans still queued; the plugin type then serves the next gateway. */
class OpenTelemetryShutdownIT {

    /** Nothing would be sent for a minute, but for the flush on shutdown. */
    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            services:
              - {name: echo, url: "http://${ORIGIN}"}
            plugins:
              - name: opentelemetry
                config: {endpoint: "${OTLP}", batch_flush_delay: 1m}
            routes:
              - {name: all, paths: ["/"], service: echo}
            """;

    private final TestOrigin origin = TestOrigin.start();
    private final OtlpReceiver receiver = OtlpReceiver.start();
    private final OpenTelemetryPluginType type = new OpenTelemetryPluginType();

    @AfterEach
    void stop() {
        receiver.close();
        origin.close();
    }

    @Test
    void sendsQueuedSpansWhenTheGatewayStops() throws Exception {
        GatewayFixture portico = start();
        assertThat(portico.get("/a").statusCode()).isEqualTo(200);
        assertThat(portico.get("/b").statusCode()).isEqualTo(200);
        origin.awaitRequests(2);

        portico.close();

        assertThat(receiver.spans()).hasSize(4);
        assertThat(receiver.requests()).hasSize(1);
    }

    @Test
    void exportsAgainForAGatewayStartedAfterTheFirstStopped() throws Exception {
        GatewayFixture first = start();
        first.get("/first");
        first.close();

        GatewayFixture second = start();
        try {
            assertThat(second.get("/second").statusCode()).isEqualTo(200);
        } finally {
            second.close();
        }

        assertThat(receiver.spans()).hasSize(4);
        assertThat(receiver.requests()).hasSize(2);
        assertThat(receiver.requests().get(1).spans().get(0).get("name").asText()).isEqualTo("GET all");
    }

    private GatewayFixture start() throws Exception {
        return GatewayFixture.start(CONFIG, Map.of("ORIGIN", "127.0.0.1:" + origin.port(),
                "OTLP", receiver.endpoint().toString()), PluginRegistry.of(type));
    }
}
