package io.portico.plugins.requesttransformer;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.Action;
import io.portico.plugin.Plugin;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugin.testing.TestExchange;
import io.portico.plugin.testing.TestPluginContext;
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
    void reportsEveryBadEntryWithItsPath() {
        List<String> problems = problems(Map.of(
                "http_method", "NOT A METHOD",
                "add", Map.of("headers", List.of("no-colon", "content-length:5", "x-ok:$(cookies.a)")),
                "rename", Map.of("querystring", List.of("a:")),
                "replace", Map.of("uri", "relative/{id}"),
                "remove", Map.of("headers", List.of("X-Consumer-Username")),
                "append", Map.of("body", List.of("a:b"))));

        assertThat(String.join("\n", problems))
                .contains("http_method")
                .contains("add.headers[0]").contains("add.headers[1]").contains("add.headers[2]")
                .contains("rename.querystring[0]")
                .contains("replace.uri")
                .contains("remove.headers[0]")
                .contains("append.body");
        assertThat(problems).hasSize(8);
    }
}
