package io.portico.plugins.filelog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.plugin.PluginRegistry;
import io.portico.server.GatewayFixture;
import io.portico.testing.TestOrigin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** file-log across configuration reloads and a gateway stop: one file, one writer, nothing lost. */
class FileLogReloadIT {

    private static final String ROUTE_ONLY = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            services:
              - {name: echo, url: "http://${ORIGIN}"}
            routes:
              - name: a
                paths: ["/a"]
                service: echo
                plugins: [{name: file-log, config: {path: "${LOG}"}}]
              - {name: b, paths: ["/b"], service: echo}
            """;

    private static final String ROUTE_AND_GLOBAL = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            services:
              - {name: echo, url: "http://${ORIGIN}"}
            routes:
              - name: a
                paths: ["/a"]
                service: echo
                plugins: [{name: file-log, config: {path: "${LOG}", include_headers: false}}]
              - {name: b, paths: ["/b"], service: echo}
            plugins:
              - name: file-log
                config: {path: "${LOG_AGAIN}"}
            """;

    @TempDir
    Path dir;

    @Test
    void reloadsAndStopsWithoutLosingOrDoublingALine() throws Exception {
        Path log = dir.resolve("requests.log");
        Map<String, String> variables = Map.of("LOG", log.toString(), "LOG_AGAIN", dir.resolve("x/../requests.log").toString());
        try (TestOrigin origin = TestOrigin.start()) {
            Map<String, String> all = new HashMap<>(variables);
            all.put("ORIGIN", "127.0.0.1:" + origin.port());
            GatewayFixture portico = GatewayFixture.start(ROUTE_ONLY, all, PluginRegistry.discover());
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                portico.send(portico.request("/a/" + i).header("X-Request-Id", "before-" + i));
                expected.add("before-" + i);
                portico.send(portico.request("/b/" + i).header("X-Request-Id", "unlogged-" + i));
            }

            portico.apply(ROUTE_AND_GLOBAL, all);
            for (int i = 0; i < 50; i++) {
                portico.send(portico.request("/a/" + i).header("X-Request-Id", "after-a-" + i));
                portico.send(portico.request("/b/" + i).header("X-Request-Id", "after-b-" + i));
                expected.add("after-a-" + i);
                expected.add("after-b-" + i);
            }
            portico.close();

            // Read once: closing the gateway wrote every queued line before it returned.
            List<JsonNode> lines = LogLines.read(log);
            assertThat(lines).extracting(line -> line.get("request_id").asText()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(lines).filteredOn(line -> line.get("request_id").asText().startsWith("after-a-"))
                    .allSatisfy(line -> assertThat(line.get("request").has("headers")).isFalse());
            assertThat(lines).filteredOn(line -> line.get("request_id").asText().startsWith("after-b-"))
                    .allSatisfy(line -> assertThat(line.get("request").has("headers")).isTrue());
        }
    }
}
