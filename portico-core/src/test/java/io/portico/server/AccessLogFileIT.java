package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.portico.testing.RawHttpClient;
import io.portico.testing.TestOrigin;
import io.portico.plugin.PluginRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code proxy.access_log: FILE} writes one JSON line per request to that file. */
class AccessLogFileIT {

    @Test
    void writesALinePerRequestToTheConfiguredFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("access.log");
        try (TestOrigin origin = TestOrigin.start()) {
            Gateway gateway = Gateway.start(GatewayFixture.spec("""
                    version: 1
                    proxy:
                      listen: ["127.0.0.1:0"]
                      access_log: "${LOG}"
                    services: [{name: echo, url: "http://${ORIGIN}"}]
                    routes: [{name: all, paths: ["/"], service: echo}]
                    """, Map.of("ORIGIN", "127.0.0.1:" + origin.port(), "LOG", file.toString())), PluginRegistry.empty());
            try (RawHttpClient raw = RawHttpClient.connect(gateway.port())) {
                assertThat(raw.exchange("GET /one?secret=1 HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
                assertThat(raw.exchange("GET /nowhere/../two HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
            } finally {
                gateway.shutdown(Duration.ofSeconds(2));
            }
        }
        await().until(() -> Files.exists(file) && Files.readAllLines(file).size() == 2);
        assertThat(Files.readAllLines(file).get(0))
                .contains("\"method\":\"GET\"", "\"path\":\"/one\"", "\"route\":\"all\"", "\"status\":200")
                .doesNotContain("secret");
        assertThat(Files.readAllLines(file).get(1)).contains("\"path\":\"/two\"");
    }
}
