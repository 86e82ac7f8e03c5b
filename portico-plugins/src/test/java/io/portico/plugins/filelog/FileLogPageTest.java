package io.portico.plugins.filelog;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugins.logging.PluginPage;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code docs/plugins/file-log.md} agrees with the plugin. */
class FileLogPageTest {

    @Test
    void exampleIsAValidConfiguration() throws Exception {
        PluginPage.read("file-log").assertExampleIsValid(Map.of());
    }

    @Test
    void documentsEveryKeyThePluginReadsAndNoOther() throws Exception {
        assertThat(PluginPage.read("file-log").documentedKeys()).containsExactlyInAnyOrderElementsOf(
                PluginPage.keysRead(new FileLogPluginType(), Map.of("path", "a.log"), "rotate"));
    }
}
