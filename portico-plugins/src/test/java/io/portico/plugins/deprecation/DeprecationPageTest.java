package io.portico.plugins.deprecation;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugins.logging.PluginPage;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code docs/plugins/deprecation.md} agrees with the plugin. */
class DeprecationPageTest {

    @Test
    void exampleIsAValidConfiguration() throws Exception {
        PluginPage.read("deprecation").assertExampleIsValid(Map.of());
    }

    @Test
    void documentsEveryKeyThePluginReadsAndNoOther() throws Exception {
        assertThat(PluginPage.read("deprecation").documentedKeys()).containsExactlyInAnyOrderElementsOf(
                PluginPage.keysRead(new DeprecationPluginType(), Map.of("sunset", "2027-01-01")));
    }
}
