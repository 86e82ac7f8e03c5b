package io.portico.plugins.requesttransformer;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.Action;
import io.portico.plugin.Plugin;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugin.testing.TestExchange;
import io.portico.plugin.testing.TestPluginContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestTransformerPluginTest {

    private static Plugin plugin(Map<String, ?> config) {
        ConfigProbe<RequestTransformerConfig> probe = ConfigProbe.read(new RequestTransformerPluginType(), config);
        assertThat(probe.problems()).isEmpty();
        return new RequestTransformerPluginType().create(probe.config(), new TestPluginContext());
    }

    private static List<String> problems(Map<String, ?> config) {
        return ConfigProbe.read(new RequestTransformerPluginType(), config).problems();
    }

    @Test
    void appliesHeaderOperationsInKongsOrder() {
        TestExchange exchange = TestExchange.get("/")
                .header("x-old", "1").header("x-gone", "2").header("x-present", "3").header("x-list", "a");

        Action action = plugin(Map.of(
                "remove", Map.of("headers", List.of("x-gone")),
                "rename", Map.of("headers", List.of("x-old:x-new")),
                "replace", Map.of("headers", List.of("x-present:replaced", "x-absent:never")),
                "add", Map.of("headers", List.of("x-present:not-added", "x-added:added")),
                "append", Map.of("headers", List.of("x-list:b")))).upstreamRequest(exchange);

        assertThat(action).isSameAs(Action.proceed());
        assertThat(exchange.headers.get("x-gone")).isNull();
        assertThat(exchange.headers.get("x-old")).isNull();
        assertThat(exchange.headers.get("x-new")).isEqualTo("1");
        assertThat(exchange.headers.get("x-present")).isEqualTo("replaced");
        assertThat(exchange.headers.contains("x-absent")).isFalse();
        assertThat(exchange.headers.get("x-added")).isEqualTo("added");
        assertThat(exchange.headers.getAll("x-list")).containsExactly("a", "b");
    }

    @Test
    void appliesQueryOperationsWithEncoding() {
        TestExchange exchange = TestExchange.get("/?old=1&gone=2&page=3&tag=a");

        plugin(Map.of(
                "remove", Map.of("querystring", List.of("gone")),
                "rename", Map.of("querystring", List.of("old:new")),
                "replace", Map.of("querystring", List.of("page:9")),
                "add", Map.of("querystring", List.of("lang:en gb", "page:no")),
                "append", Map.of("querystring", List.of("tag:b&c")))).upstreamRequest(exchange);

        assertThat(exchange.queryParameters("gone")).isEmpty();
        assertThat(exchange.queryParameters("old")).isEmpty();
        assertThat(exchange.queryParameter("new")).isEqualTo("1");
        assertThat(exchange.queryParameter("page")).isEqualTo("9");
        assertThat(exchange.queryParameter("lang")).isEqualTo("en gb");
        assertThat(exchange.queryParameters("tag")).containsExactly("a", "b&c");
        assertThat(exchange.query).contains("lang=en%20gb").contains("tag=b%26c");
    }

    @Test
    void rewritesThePathFromTheRoutesVariablesAndChangesTheMethod() {
        TestExchange exchange = TestExchange.get("/users/42");
        exchange.pathParameters.put("id", "42");

        plugin(Map.of("replace", Map.of("uri", "/v2/accounts/{id}"), "http_method", "post")).upstreamRequest(exchange);

        assertThat(exchange.upstreamPath).isEqualTo("/v2/accounts/42");
        assertThat(exchange.upstreamMethod).isEqualTo("POST");
    }

    @Test
    void rendersTemplatesAgainstTheRequestAsItArrived() {
        TestExchange exchange = TestExchange.get("/orders?page=2").header("x-tenant", "acme");
        exchange.pathParameters.put("id", "7");

        plugin(Map.of(
                "rename", Map.of("headers", List.of("x-tenant:x-org")),
                "add", Map.of("headers", List.of("x-route-key:$(headers.x-tenant)/$(uri_captures.id)/$(query_params.page)",
                        "x-missing:[$(headers.nope)]")))).upstreamRequest(exchange);

        assertThat(exchange.headers.get("x-route-key")).isEqualTo("acme/7/2");
        assertThat(exchange.headers.get("x-missing")).isEqualTo("[]");
        assertThat(exchange.headers.get("x-org")).isEqualTo("acme");
    }

    @Test
    void changesNestedJsonBodyFieldsWithTypes() {
        Plugin plugin = plugin(Map.of(
                "remove", Map.of("body", List.of("card.cvv")),
                "add", Map.of("body", List.of("meta.source:gateway", "meta.version:2"), "json_types", List.of("string", "number")),
                "rename", Map.of("body", List.of("amount:total"))));
        TestExchange exchange = TestExchange.get("/").header("content-type", "application/json");

        byte[] out = plugin.requestBody(exchange, "{\"amount\":5,\"card\":{\"number\":\"4111\",\"cvv\":\"123\"}}"
                .getBytes(StandardCharsets.UTF_8));

        assertThat(new String(out, StandardCharsets.UTF_8))
                .isEqualTo("{\"card\":{\"number\":\"4111\"},\"total\":5,\"meta\":{\"source\":\"gateway\",\"version\":2}}");
    }

    @Test
    void changesFormFieldsAndLeavesOtherBodiesAlone() {
        Plugin plugin = plugin(Map.of(
                "remove", Map.of("body", List.of("debug")),
                "replace", Map.of("body", List.of("mode:live")),
                "append", Map.of("body", List.of("tag:a b"))));
        TestExchange form = TestExchange.get("/").header("content-type", "application/x-www-form-urlencoded");
        TestExchange text = TestExchange.get("/").header("content-type", "text/plain");
        byte[] plain = "debug=1".getBytes(StandardCharsets.UTF_8);

        byte[] out = plugin.requestBody(form, "debug=1&mode=test&name=J%C3%BCrgen".getBytes(StandardCharsets.UTF_8));

        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("mode=live&name=J%C3%BCrgen&tag=a+b");
        assertThat(plugin.requestBody(text, plain)).isSameAs(plain);
    }

    @Test
    void reportsEveryBadEntryWithItsPath() {
        List<String> problems = problems(Map.of(
                "http_method", "NOT A METHOD",
                "add", Map.of("headers", List.of("no-colon", "content-length:5", "x-ok:$(cookies.a)")),
                "rename", Map.of("querystring", List.of("a:")),
                "replace", Map.of("uri", "relative/{id}"),
                "remove", Map.of("headers", List.of("X-Consumer-Username")),
                "append", Map.of("body", List.of("a..b:1")),
                "max_body_size", "100GB"));

        assertThat(String.join("\n", problems))
                .contains("http_method")
                .contains("add.headers[0]").contains("add.headers[1]").contains("add.headers[2]")
                .contains("rename.querystring[0]")
                .contains("replace.uri")
                .contains("remove.headers[0]")
                .contains("append.body[0]")
                .contains("max_body_size");
        assertThat(problems).hasSize(9);
    }
}
