package io.portico.plugins.proxycache;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.PluginRegistry;
import io.portico.server.GatewayFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The example on {@code docs/plugins/proxy-cache.md} is a configuration Portico accepts. */
class ProxyCachePageTest {

    private static final Path PAGE = Path.of("../docs/plugins/proxy-cache.md");
    private static final Pattern YAML = Pattern.compile("```yaml\n(.*?)```\n", Pattern.DOTALL);

    @Test
    void exampleIsAValidConfiguration() throws Exception {
        Matcher matcher = YAML.matcher(Files.readString(PAGE, StandardCharsets.UTF_8));
        assertThat(matcher.find()).as("a yaml example").isTrue();

        assertThat(GatewayFixture.spec("version: 1\n" + matcher.group(1), Map.of(), PluginRegistry.discover())).isNotNull();
    }
}
