package io.portico.plugins.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portico.plugin.AttemptResult;
import io.portico.plugin.Completed;
import io.portico.plugin.Consumer;
import io.portico.plugin.testing.TestExchange;
import io.portico.plugin.testing.TestResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant RECEIVED = Instant.parse("2026-11-22T10:15:30.123456789Z");

    @Test
    void writesEveryFieldInKongsShape() throws Exception {
        TestExchange exchange = TestExchange.get("/orders/7?page=2&apikey=k-alice-1");
        exchange.method = "POST";
        exchange.host = "api.example.com";
        exchange.clientIp = "203.0.113.9";
        exchange.requestId = "req-1";
        exchange.routeName = "orders";
        exchange.serviceName = "shop";
        exchange.consumer = new Consumer("alice", List.of("gold"));
        exchange.header("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl")
                .header("Accept", "application/json")
                .header("X-Tag", "one")
                .header("X-Tag", "two");
        TestResponse response = new TestResponse(201);
        response.headers.add("Content-Type", "application/json");
        response.headers.add("Set-Cookie", "sid=s3cr3t; HttpOnly");
        Completed completed = new Completed(201, "10.0.0.1:8080", 12, 34, 5_500_000, 4_000_000, epochNanos(RECEIVED),
                List.of(new AttemptResult(1, "10.0.0.2:8080", 100_000, 1_250_000, 0, "connect-failure"),
                        new AttemptResult(2, "10.0.0.1:8080", 1_500_000, 4_000_000, 201, null)));

        LogEntry.captureResponse(exchange, response, LogFields.DEFAULT);
        byte[] line = LogJson.line(LogEntry.capture(exchange, completed, LogFields.DEFAULT));

        assertThat(new String(line, StandardCharsets.UTF_8)).endsWith("}\n").doesNotContain("k-alice-1", "s3cr3t",
                "c2lnbmF0dXJl");
        assertThat(JSON.readTree(line)).isEqualTo(JSON.readTree("""
                {"time":"2026-11-22T10:15:30.123Z","started_at":1795342530123,"request_id":"req-1","client_ip":"203.0.113.9",
                 "request":{"method":"POST","uri":"/orders/7?page=2&apikey=***",
                            "url":"http://api.example.com/orders/7?page=2&apikey=***","host":"api.example.com",
                            "headers":{"authorization":"Bearer ***","accept":"application/json","x-tag":["one","two"]},
                            "size":12},
                 "response":{"status":201,"headers":{"content-type":"application/json","set-cookie":"***"},"size":34},
                 "latencies":{"request":5.500,"proxy":1.500,"upstream":4.000},
                 "route":{"name":"orders"},"service":{"name":"shop"},"consumer":{"username":"alice"},
                 "upstream":{"target":"10.0.0.1:8080","tries":[
                     {"target":"10.0.0.2:8080","status":null,"failure":"connect-failure","latency_ms":1.250},
                     {"target":"10.0.0.1:8080","status":201,"failure":null,"latency_ms":4.000}]}}
                """));
    }

    @Test
    void writesNullsForARequestPorticoAnsweredItself() throws Exception {
        TestExchange exchange = TestExchange.get("/status");
        exchange.serviceName = null;
        Completed completed = new Completed(200, null, 0, 11, 2_000_000, -1, epochNanos(RECEIVED), List.of());

        JsonNode entry = JSON.readTree(LogJson.line(LogEntry.capture(exchange, completed, LogFields.DEFAULT)));

        assertThat(entry.get("service").isNull()).isTrue();
        assertThat(entry.get("consumer").isNull()).isTrue();
        assertThat(entry.get("upstream").isNull()).isTrue();
        assertThat(entry.at("/latencies/upstream").isNull()).isTrue();
        assertThat(entry.at("/latencies/proxy").decimalValue()).isEqualByComparingTo("2.000");
        assertThat(entry.at("/latencies/request").decimalValue()).isEqualByComparingTo("2.000");
        assertThat(entry.at("/request/uri").asText()).isEqualTo("/status");
        // No response head was seen (the client went away first): the headers are empty, not missing.
        assertThat(entry.at("/response/headers").isEmpty()).isTrue();
    }

    @Test
    void timeIsUtcWithMillisecondsEvenOnAWholeSecond() throws Exception {
        Completed completed = new Completed(200, null, 0, 0, 0, -1, epochNanos(Instant.parse("2026-01-02T03:04:05Z")),
                List.of());

        JsonNode entry = JSON.readTree(LogJson.line(LogEntry.capture(new TestExchange(), completed, LogFields.DEFAULT)));

        assertThat(entry.get("time").asText()).isEqualTo("2026-01-02T03:04:05.000Z");
        assertThat(entry.get("started_at").asLong()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z").toEpochMilli());
    }

    @Test
    void leavesHeadersOutEntirelyWhenAsked() throws Exception {
        TestExchange exchange = new TestExchange().header("X-Tag", "one");
        LogFields noHeaders = new LogFields(false, Masking.builtIn());
        TestResponse response = new TestResponse(200);
        response.headers.add("Content-Type", "text/plain");

        LogEntry.captureResponse(exchange, response, noHeaders);
        JsonNode entry = JSON.readTree(LogJson.line(LogEntry.capture(exchange, completed(200), noHeaders)));

        assertThat(entry.get("request").has("headers")).isFalse();
        assertThat(entry.get("response").has("headers")).isFalse();
        assertThat(entry.get("request").has("size")).isTrue();
    }

    @Test
    void logsTheLastResponseHeadSent() throws Exception {
        TestExchange exchange = new TestExchange();
        TestResponse proxied = new TestResponse(200);
        proxied.headers.add("X-From", "upstream");
        TestResponse replaced = new TestResponse(502, true);
        replaced.headers.add("X-From", "portico");

        LogEntry.captureResponse(exchange, proxied, LogFields.DEFAULT);
        LogEntry.captureResponse(exchange, replaced, LogFields.DEFAULT);
        JsonNode entry = JSON.readTree(LogJson.line(LogEntry.capture(exchange, completed(502), LogFields.DEFAULT)));

        assertThat(entry.at("/response/headers/x-from").asText()).isEqualTo("portico");
        assertThat(entry.at("/response/status").asInt()).isEqualTo(502);
    }

    @Test
    void mergesHeaderNamesThatDifferOnlyInCase() {
        TestExchange exchange = new TestExchange();
        exchange.headers.add("X-Tag", "one");
        exchange.headers.add("x-tag", "two");
        StringBuilder out = new StringBuilder();

        LogJson.append(out, LogEntry.capture(exchange, completed(200), LogFields.DEFAULT));

        assertThat(out.toString()).contains("\"headers\":{\"x-tag\":[\"one\",\"two\"]}");
    }

    @Test
    void escapesEverythingThatCouldBreakTheLineOrTheJson() throws Exception {
        String nasty = "q\"uote \\back\nnew\rret\ttab\u0000nul\u001fus\u007fdel\u2028ls\u2029ps é € 😀 lone\ud800 end";
        TestExchange exchange = TestExchange.get("/p");
        exchange.requestId = nasty;
        exchange.header("X-Nasty", nasty);
        exchange.consumer = new Consumer("a\"lice\n", List.of());

        byte[] line = LogJson.line(LogEntry.capture(exchange, completed(200), LogFields.DEFAULT));
        String text = new String(line, StandardCharsets.UTF_8);

        assertThat(text.indexOf('\n')).isEqualTo(text.length() - 1);
        assertThat(text.chars().filter(c -> c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029)).containsExactly((int) '\n');
        assertThat(text).contains("\\u0000", "\\u001f", "\\u007f", "\\u2028", "\\u2029", "\\ud800", "é € 😀");
        JsonNode entry = JSON.readTree(line);
        assertThat(entry.get("request_id").asText()).isEqualTo(nasty);
        assertThat(entry.at("/request/headers/x-nasty").asText()).isEqualTo(nasty);
        assertThat(entry.at("/consumer/username").asText()).isEqualTo("a\"lice\n");
    }

    @Test
    void aBatchIsAJsonArrayOfEntriesInOrder() throws Exception {
        TestExchange first = TestExchange.get("/one");
        first.requestId = "r-1";
        TestExchange second = TestExchange.get("/two");
        second.requestId = "r-2";

        JsonNode batch = JSON.readTree(LogJson.array(List.of(
                LogEntry.capture(first, completed(200), LogFields.DEFAULT),
                LogEntry.capture(second, completed(404), LogFields.DEFAULT))));

        assertThat(batch.isArray()).isTrue();
        assertThat(batch).hasSize(2);
        assertThat(batch.get(0).get("request_id").asText()).isEqualTo("r-1");
        assertThat(batch.get(1).at("/response/status").asInt()).isEqualTo(404);
    }

    @Test
    void masksWithTheEntrysOwnConfiguration() {
        TestExchange exchange = TestExchange.get("/p?session=abc&token=t");
        exchange.header("X-Session", "abc");
        LogFields more = new LogFields(true, Masking.with(List.of("x-session"), List.of("session")));
        StringBuilder out = new StringBuilder();

        LogJson.append(out, LogEntry.capture(exchange, completed(200), more));

        assertThat(out.toString()).contains("\"uri\":\"/p?session=***&token=***\"", "\"x-session\":\"***\"")
                .doesNotContain("abc");
    }

    private static Completed completed(int status) {
        return new Completed(status, null, 0, 0, 1_000_000, -1, epochNanos(RECEIVED), List.of());
    }

    private static long epochNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
