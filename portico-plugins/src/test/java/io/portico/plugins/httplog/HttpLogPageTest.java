package io.portico.plugins.httplog;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugins.logging.PluginPage;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code docs/plugins/http-log.md} agrees with the plugin. */
class HttpLogPageTest {

    @Test
    void exampleIsAValidConfiguration() throws Exception {
        PluginPage.read("http-log").assertExampleIsValid(Map.of("COLLECTOR_PASSWORD", "s3cret"));
    }

    @Test
    void documentsEveryKeyThePluginReadsAndNoOther() throws Exception {
        assertThat(PluginPage.read("http-log").documentedKeys()).containsExactlyInAnyOrderElementsOf(
                PluginPage.keysRead(new HttpLogPluginType(), Map.of("http_endpoint", "http://127.0.0.1/logs"), "queue"));
    }
}
