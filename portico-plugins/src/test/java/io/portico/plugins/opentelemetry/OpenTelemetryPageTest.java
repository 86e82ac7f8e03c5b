package io.portico.plugins.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.config.PorticoSpec;
import io.portico.plugin.PluginRegistry;
import io.portico.server.GatewayFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code docs/plugins/opentelemetry.md}: its example is a configuration Portico accepts, its key table is complete. */
class OpenTelemetryPageTest {

    private static final Path PAGE = Path.of("../docs/plugins/opentelemetry.md");
    private static final Pattern YAML = Pattern.compile("```yaml\n(.*?)```\n", Pattern.DOTALL);
    private static final Pattern KEY_ROW = Pattern.compile("^\\| `([a-z_]+)` \\|", Pattern.MULTILINE);

    @Test
    void exampleIsAValidConfiguration() throws Exception {
        Matcher matcher = YAML.matcher(page());
        assertThat(matcher.find()).as("a yaml example").isTrue();
        String yaml = "version: 1\nservices:\n  - {name: shop, url: \"http://127.0.0.1:9\"}\n" + matcher.group(1);

        PorticoSpec spec = GatewayFixture.spec(yaml, Map.of("HONEYCOMB_KEY", "k-123"), PluginRegistry.discover());

        assertThat(spec).isNotNull();
    }

    @Test
    void documentsEveryKeyItReads() throws Exception {
        String config = page().substring(page().indexOf("## Config"), page().indexOf("## Example"));
        Set<String> documented = new LinkedHashSet<>();
        Matcher rows = KEY_ROW.matcher(config);
        while (rows.find()) {
            documented.add(rows.group(1));
        }

        assertThat(documented).containsExactly("endpoint", "headers", "resource_attributes", "sampling_rate",
                "batch_span_count", "batch_flush_delay", "max_queued_spans", "timeout");
    }

    private static String page() throws Exception {
        return Files.readString(PAGE, StandardCharsets.UTF_8);
    }
}
