package io.portico.plugins.responsetransformer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugin.testing.TestExchange;
import io.portico.plugin.testing.TestPluginContext;
import io.portico.plugin.testing.TestResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseTransformerPluginTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ResponseTransformerPluginType type = new ResponseTransformerPluginType();

    private Plugin plugin(Map<String, ?> config) {
        ConfigProbe<ResponseTransformerConfig> probe = ConfigProbe.read(type, config);
        assertThat(probe.problems()).isEmpty();
        return type.create(probe.config(), new TestPluginContext());
    }

    private static TestResponse json() {
        TestResponse response = new TestResponse(200);
        response.headers().set("content-type", "application/json; charset=utf-8");
        return response;
    }

    private static JsonNode transform(Plugin plugin, TestResponse response, String body) throws Exception {
        byte[] out = plugin.responseBody(TestExchange.get("/"), response, body.getBytes(StandardCharsets.UTF_8));
        return JSON.readTree(out);
    }

    @Test
    void changesNestedJsonFieldsInKongsOrder() throws Exception {
        Plugin plugin = plugin(Map.of(
                "remove", Map.of("json", List.of("user.password", "internal")),
                "rename", Map.of("json", List.of("user.mail:email")),
                "replace", Map.of("json", List.of("user.name:Anonymous", "user.absent:never")),
                "add", Map.of("json", List.of("user.address.city:Paris", "user.name:not-added", "version:2"),
                        "json_types", List.of("string", "string", "number")),
                "append", Map.of("json", List.of("tags:new", "single:second"))));

        JsonNode body = transform(plugin, json(), """
                {"user": {"name": "Alice", "mail": "a@example.com", "password": "s3cret"},
                 "internal": true, "tags": ["old"], "single": "first"}
                """);

        assertThat(body.toString()).isEqualTo("{\"user\":{\"name\":\"Anonymous\",\"email\":\"a@example.com\","
                + "\"address\":{\"city\":\"Paris\"}},\"tags\":[\"old\",\"new\"],\"single\":[\"first\",\"second\"],"
                + "\"version\":2}");
    }

    @Test
    void leavesBodiesThatAreNotJsonObjectsAlone() {
        Plugin plugin = plugin(Map.of("add", Map.of("json", List.of("x:1"))));
        TestResponse text = new TestResponse(200);
        text.headers().set("content-type", "text/plain");
        TestResponse gzipped = json();
        gzipped.headers().set("content-encoding", "gzip");
        byte[] array = "[1,2]".getBytes(StandardCharsets.UTF_8);
        byte[] broken = "{\"a\":".getBytes(StandardCharsets.UTF_8);

        assertThat(plugin.responseBody(TestExchange.get("/"), text, broken)).isSameAs(broken);
        assertThat(plugin.responseBody(TestExchange.get("/"), gzipped, broken)).isSameAs(broken);
        assertThat(plugin.responseBody(TestExchange.get("/"), json(), array)).isSameAs(array);
        assertThat(plugin.responseBody(TestExchange.get("/"), json(), broken)).isSameAs(broken);
    }

    @Test
    void changesResponseHeaders() {
        TestResponse response = new TestResponse(200);
        response.headers().set("server", "internal/1.2");
        response.headers().set("x-old", "v");

        plugin(Map.of("remove", Map.of("headers", List.of("server")),
                "rename", Map.of("headers", List.of("x-old:x-new")),
                "add", Map.of("headers", List.of("x-frame-options:DENY")),
                "append", Map.of("headers", List.of("vary:accept"))))
                .responseHeaders(TestExchange.get("/"), response);

        assertThat(response.headers().get("server")).isNull();
        assertThat(response.headers().get("x-new")).isEqualTo("v");
        assertThat(response.headers().get("x-frame-options")).isEqualTo("DENY");
        assertThat(response.headers().getAll("vary")).containsExactly("accept");
    }

    @Test
    void buffersBodiesOnlyWhenItHasJsonOperations() {
        assertThat(type.phases(ConfigProbe.read(type, Map.of("add", Map.of("headers", List.of("a:b")))).config()))
                .containsExactly(Phase.RESPONSE_HEADERS);
        assertThat(type.phases(ConfigProbe.read(type, Map.of("add", Map.of("json", List.of("a:b")))).config()))
                .containsExactly(Phase.RESPONSE_BODY);
    }

    @Test
    void reportsBadEntriesWithTheirPaths() {
        List<String> problems = ConfigProbe.read(type, Map.of(
                "add", Map.of("json", List.of("count:many"), "json_types", List.of("number")),
                "remove", Map.of("headers", List.of("Transfer-Encoding"), "json", List.of("a..b")),
                "replace", Map.of("json", List.of("flag:maybe"), "json_types", List.of("boolean")),
                "max_body_size", "0B")).problems();

        assertThat(String.join("\n", problems)).contains("add.json[0]").contains("remove.json[0]")
                .contains("remove.headers[0]").contains("replace.json[0]").contains("max_body_size");
        assertThat(problems).hasSize(5);
    }
}
