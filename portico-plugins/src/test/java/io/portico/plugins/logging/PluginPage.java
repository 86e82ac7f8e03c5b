package io.portico.plugins.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.PluginRegistry;
import io.portico.plugin.PluginType;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.server.GatewayFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks a log plugin's page in {@code docs/plugins/} against the plugin: its example and its table of keys. */
public final class PluginPage {

    private static final Pattern YAML = Pattern.compile("```yaml\n(.*?)```\n", Pattern.DOTALL);
    private static final Pattern KEY_ROW = Pattern.compile("^\\| `([a-z_.]+)` \\|", Pattern.MULTILINE);
    private static final Pattern KNOWN = Pattern.compile("\\(expected one of: ([^)]*)\\)");

    private final String text;

    private PluginPage(String text) {
        this.text = text;
    }

    public static PluginPage read(String name) throws IOException {
        return new PluginPage(Files.readString(Path.of("../docs/plugins/" + name + ".md"), StandardCharsets.UTF_8));
    }

    /** The page's first YAML example, under {@code version: 1}, is a configuration Portico accepts. */
    public void assertExampleIsValid(Map<String, String> variables) throws Exception {
        Matcher matcher = YAML.matcher(text);
        assertThat(matcher.find()).as("a yaml example").isTrue();
        assertThat(GatewayFixture.spec("version: 1\n" + matcher.group(1), variables, PluginRegistry.discover()))
                .isNotNull();
    }

    /** The keys in the page's Configuration table, {@code queue.max_entries} for nested ones, in the order written. */
    public Set<String> documentedKeys() {
        int start = text.indexOf("\n## Configuration\n");
        assertThat(start).as("a Configuration section").isNotNegative();
        int end = text.indexOf("\n## ", start + 1);
        Set<String> keys = new LinkedHashSet<>();
        Matcher matcher = KEY_ROW.matcher(text.substring(start, end < 0 ? text.length() : end));
        while (matcher.find()) {
            keys.add(matcher.group(1));
        }
        return keys;
    }

    /**
     * Every key the plugin reads, as its own unknown-key message lists them, with the keys of the given
     * sections prefixed ({@code rotate.max_size}); {@code required} holds what a valid config needs.
     */
    public static <C> Set<String> keysRead(PluginType<C> type, Map<String, Object> required, String... sections) {
        Set<String> keys = new LinkedHashSet<>(known(type, required, List.of(), "zz_not_a_key"));
        for (String section : sections) {
            for (String key : known(type, required, List.of(section), "zz_not_a_key")) {
                keys.add(section + "." + key);
            }
        }
        return keys;
    }

    private static <C> List<String> known(PluginType<C> type, Map<String, Object> required, List<String> section,
                                          String unknown) {
        Map<String, Object> config = new HashMap<>(required);
        if (section.isEmpty()) {
            config.put(unknown, 1);
        } else {
            config.put(section.get(0), Map.of(unknown, 1));
        }
        List<String> found = new ArrayList<>();
        for (String problem : ConfigProbe.read(type, config).problems()) {
            Matcher matcher = KNOWN.matcher(problem);
            if (problem.contains(unknown) && matcher.find()) {
                found.addAll(List.of(matcher.group(1).split(", ")));
            }
        }
        assertThat(found).as("the keys " + type.name() + " reads").isNotEmpty();
        return found;
    }
}
