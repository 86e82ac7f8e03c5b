package io.portico.plugins.botdetection;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugins.PluginGateway;
import io.portico.server.GatewayFixture;
import io.portico.testing.RecordedRequest;
import io.portico.testing.TestOrigin;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** bot-detection in a real gateway, attached globally. */
class BotDetectionIT {

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            services:
              - {name: echo, url: "http://${ORIGIN}"}
            routes:
              - {name: all, paths: ["/"], service: echo, strip_path: false}
            plugins:
              - name: bot-detection
                config:
                  allow: ["^sqlmap/.*\\\\(internal-audit\\\\)$"]
                  deny: ["^BadCrawler/"]
            """;

    @RegisterExtension
    static final PluginGateway gateway = new PluginGateway(CONFIG);

    private final GatewayFixture portico = gateway.portico();
    private final TestOrigin origin = gateway.origin();

    @Test
    void proxiesAnOrdinaryClient() throws Exception {
        HttpResponse<String> response = get("/page", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(origin.awaitRequests(1).get(0).header("user-agent")).isEqualTo("Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0");
    }

    @Test
    void refusesAKnownScannerWithoutCallingTheOrigin() throws Exception {
        HttpResponse<String> response = get("/admin", "sqlmap/1.7.2#stable (https://sqlmap.org)");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("\"error\":\"forbidden\"", "\"message\":\"bots are not allowed\"");
        assertOriginReceivedOnlyAMarker();
    }

    @Test
    void refusesAConfiguredPattern() throws Exception {
        assertThat(get("/page", "BadCrawler/2.0").statusCode()).isEqualTo(403);
        assertOriginReceivedOnlyAMarker();
    }

    @Test
    void letsAnAllowedAgentThroughDespiteTheBuiltInList() throws Exception {
        assertThat(get("/audit", "sqlmap/1.7.2 (internal-audit)").statusCode()).isEqualTo(200);
        assertThat(origin.awaitRequests(1)).extracting(RecordedRequest::path).containsExactly("/audit");
    }

    private HttpResponse<String> get(String path, String agent) throws Exception {
        return portico.send(portico.request(path).header("User-Agent", agent));
    }

    /** A request from an ordinary client is the only one the origin gets: the refused one never reached it. */
    private void assertOriginReceivedOnlyAMarker() throws Exception {
        assertThat(get("/marker", "Mozilla/5.0").statusCode()).isEqualTo(200);
        assertThat(origin.awaitRequests(1)).extracting(RecordedRequest::path).containsExactly("/marker");
    }
}
