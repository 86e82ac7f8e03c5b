package io.portico.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigReaderTest {

    private final List<String> problems = new ArrayList<>();

    private ConfigReader reader(Map<String, ?> values) {
        return ConfigReader.of(values, "routes[0].plugins[1].config", (path, message) -> problems.add(path + ": " + message),
                Set.of("alice"));
    }

    @Test
    void readsTypedValuesAndDefaults() {
        ConfigReader config = reader(Map.of("names", List.of("apikey", "x-api-key"), "hide", true, "ttl", "5s",
                "max", "16KB", "count", 3, "mode", "fast", "anonymous", "alice"));
        assertThat(config.strings("names", List.of())).containsExactly("apikey", "x-api-key");
        assertThat(config.bool("hide", false)).isTrue();
        assertThat(config.duration("ttl", Duration.ZERO)).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.bytes("max", 0)).isEqualTo(16384);
        assertThat(config.integer("count", 0, 1, 10)).isEqualTo(3);
        assertThat(config.oneOf("mode", "slow", List.of("slow", "fast"))).isEqualTo("fast");
        assertThat(config.consumer("anonymous")).isEqualTo("alice");
        assertThat(config.string("absent", "default")).isEqualTo("default");
        config.finish();
        assertThat(problems).isEmpty();
    }

    @Test
    void reportsEveryProblemWithItsPath() {
        ConfigReader config = reader(Map.of("count", 0, "ttl", "5 s", "names", List.of("ok", 7), "anonymous", "bob",
                "mode", "medium", "nested", Map.of("flag", "yes")));
        config.integer("count", 1, 1, 10);
        config.duration("ttl", Duration.ofSeconds(1));
        config.strings("names", List.of());
        config.consumer("anonymous");
        config.oneOf("mode", "slow", List.of("slow", "fast"));
        config.section("nested").bool("flag", false);
        config.finish();
        assertThat(problems).containsExactlyInAnyOrder(
                "routes[0].plugins[1].config.count: 0 (expected: between 1 and 10)",
                "routes[0].plugins[1].config.ttl: \"5 s\" (expected: a duration such as 250ms, 5s, 2m)",
                "routes[0].plugins[1].config.names[1]: 7 (expected: text)",
                "routes[0].plugins[1].config.anonymous: \"bob\" (expected: the username of a consumer)",
                "routes[0].plugins[1].config.mode: \"medium\" (expected: one of slow, fast)",
                "routes[0].plugins[1].config.nested.flag: \"yes\" (expected: true or false)");
    }

    @Test
    void reportsKeysThatWereNeverRead() {
        ConfigReader config = reader(Map.of("key_names", List.of("apikey"), "key_nmes", List.of("x")));
        config.strings("key_names", List.of());
        config.bool("hide_credentials", false);
        config.finish();
        assertThat(problems).containsExactly("routes[0].plugins[1].config.key_nmes: unknown key \"key_nmes\""
                + " (expected one of: key_names, hide_credentials)");
    }

    @Test
    void requiredStringReportsMissing() {
        ConfigReader config = reader(Map.of());
        assertThat(config.requiredString("uri", "an https URL")).isNull();
        assertThat(problems).containsExactly("routes[0].plugins[1].config.uri: missing (expected: an https URL)");
        assertThat(config.hasProblems()).isTrue();
    }

    @Test
    void reportsAListItemWhereItIsWrittenWithItsValue() {
        ConfigReader config = reader(Map.of("names", List.of("ok", 7, "bad name")));
        List<String> names = config.strings("names", List.of());
        config.expectedItem("names", names.indexOf("bad name"), "a header name");
        assertThat(problems).containsExactly(
                "routes[0].plugins[1].config.names[1]: 7 (expected: text)",
                "routes[0].plugins[1].config.names[2]: \"bad name\" (expected: a header name)");
    }

    @Test
    void reportsASingleTextInPlaceOfAListAtItsKey() {
        ConfigReader config = reader(Map.of("names", "bad name"));
        config.strings("names", List.of());
        config.expectedItem("names", 0, "a header name");
        assertThat(problems).containsExactly("routes[0].plugins[1].config.names: \"bad name\" (expected: a header name)");
    }

    @Test
    void escapesQuotesAndControlCharactersInValues() {
        ConfigReader config = reader(Map.of("names", List.of("a\"b\\c\nd\u0001e\u007f")));
        config.strings("names", List.of());
        config.expectedItem("names", 0, "a name");
        assertThat(problems).containsExactly(
                "routes[0].plugins[1].config.names[0]: \"a\\\"b\\\\c\\nd\\u0001e\\u007f\" (expected: a name)");
    }
}
