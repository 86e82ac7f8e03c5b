package io.portico.plugins.hmacauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.testing.TestExchange;
import java.util.List;
import org.junit.jupiter.api.Test;

class SigningStringTest {

    @Test
    void joinsSignedHeadersAndTheRequestLineInTheirOrder() {
        TestExchange exchange = TestExchange.get("/orders/7?expand=items&x=%20");
        exchange.method = "POST";
        exchange.header("Date", "Tue, 01 Dec 2026 10:00:00 GMT").header("Digest", "SHA-256=abc=");

        String signingString = SigningString.of(exchange, List.of("date", "request-line", "digest"));

        assertThat(signingString).isEqualTo("""
                date: Tue, 01 Dec 2026 10:00:00 GMT
                POST /orders/7?expand=items&x=%20 HTTP/1.1
                digest: SHA-256=abc=""");
    }

    @Test
    void leavesOutTheQuestionMarkWithoutAQuery() {
        TestExchange exchange = TestExchange.get("/status");

        assertThat(SigningString.of(exchange, List.of("request-line"))).isEqualTo("GET /status HTTP/1.1");
    }

    @Test
    void joinsRepeatedHeaderValuesWithCommas() {
        TestExchange exchange = TestExchange.get("/").header("X-Tag", "a").header("x-tag", "b");

        assertThat(SigningString.of(exchange, List.of("x-tag"))).isEqualTo("x-tag: a, b");
    }

    @Test
    void isNullWhenASignedHeaderIsAbsent() {
        TestExchange exchange = TestExchange.get("/").header("Date", "Tue, 01 Dec 2026 10:00:00 GMT");

        assertThat(SigningString.of(exchange, List.of("date", "digest"))).isNull();
    }
}
