package io.portico.plugins.proxycache;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.PluginRegistry;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.server.GatewayFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code docs/plugins/proxy-cache.md} says what the plugin does: its examples and its key table. */
class ProxyCachePageTest {

    private static final Path PAGE = Path.of("../docs/plugins/proxy-cache.md");
    private static final Pattern YAML = Pattern.compile("```yaml\n(.*?)```\n", Pattern.DOTALL);
    private static final Pattern KEY_ROW = Pattern.compile("^\\| `([a-z_.]+)` \\|", Pattern.MULTILINE);
    private static final Pattern READ_KEYS = Pattern.compile("expected one of: ([a-z_, ]+)\\)");

    @Test
    void everyExampleIsAValidConfiguration() throws Exception {
        Matcher matcher = YAML.matcher(Files.readString(PAGE, StandardCharsets.UTF_8));
        int examples = 0;
        while (matcher.find()) {
            examples++;
            assertThat(GatewayFixture.spec("version: 1\n" + matcher.group(1), Map.of(), PluginRegistry.discover()))
                    .as("example %d", examples).isNotNull();
        }
        assertThat(examples).as("yaml examples").isGreaterThanOrEqualTo(2);
    }

    @Test
    void theConfigurationTableListsEveryKeyThePluginReads() throws Exception {
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        String table = page.substring(page.indexOf("## Configuration"), page.indexOf("## The key"));
        List<String> documented = new ArrayList<>();
        Matcher row = KEY_ROW.matcher(table);
        while (row.find()) {
            documented.add(row.group(1));
        }

        List<String> read = new ArrayList<>(keysRead(Map.of("unknown", 1), ""));
        read.remove("memory");
        read.remove("redis");
        read.addAll(keysRead(Map.of("memory", Map.of("unknown", 1)), "memory."));
        read.addAll(keysRead(Map.of("redis", Map.of("unknown", 1)), "redis."));

        assertThat(documented).containsExactlyInAnyOrderElementsOf(read);
    }

    /** The keys the plugin reads where {@code config} puts an unknown key, from the message about it. */
    private static List<String> keysRead(Map<String, ?> config, String prefix) {
        String problem = ConfigProbe.read(new ProxyCachePluginType(), config).problems().get(0);
        Matcher keys = READ_KEYS.matcher(problem);
        assertThat(keys.find()).as(problem).isTrue();
        List<String> read = new ArrayList<>();
        for (String key : keys.group(1).split(", ")) {
            read.add(prefix + key);
        }
        return read;
    }
}
