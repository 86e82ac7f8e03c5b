package io.portico.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

class ExchangeViewTest {

    @Test
    void readsEveryValueOfAQueryParameterDecodedAndInOrder() {
        ExchangeView exchange = exchange("a=1&b=2&a=x%20y&a&%61=+z&ab=3");

        assertThat(exchange.queryParameters("a")).containsExactly("1", "x y", "", " z");
        assertThat(exchange.queryParameter("a")).isEqualTo("1");
        assertThat(exchange.queryParameters("b")).containsExactly("2");
        assertThat(exchange.queryParameters("c")).isEmpty();
        assertThat(exchange.queryParameter("c")).isNull();
    }

    @Test
    void keepsAnInvalidEscapeAsWritten() {
        ExchangeView exchange = exchange("k=%zz&%zz=v");

        assertThat(exchange.queryParameters("k")).containsExactly("%zz");
        assertThat(exchange.queryParameters("%zz")).containsExactly("v");
    }

    @Test
    void hasNoParametersWithoutAQuery() {
        assertThat(exchange(null).queryParameters("a")).isEmpty();
        assertThat(exchange("").queryParameters("a")).isEmpty();
    }

    @Test
    void forgetsARemovedParameter() {
        ExchangeView exchange = exchange("jwt=t1&keep=1&jwt=t2");

        exchange.removeQueryParameter("jwt");

        assertThat(exchange.queryParameters("jwt")).isEmpty();
        assertThat(exchange.upstreamQuery()).isEqualTo("keep=1");
    }

    @Test
    void setsAndAddsParametersPercentEncoded() {
        ExchangeView exchange = exchange("page=1&tag=a");

        exchange.setQueryParameter("page", "2");
        exchange.addQueryParameter("tag", "b c&d");
        exchange.addQueryParameter("new key", "é");

        assertThat(exchange.upstreamQuery()).isEqualTo("tag=a&page=2&tag=b%20c%26d&new%20key=%C3%A9");
        assertThat(exchange.queryParameters("tag")).containsExactly("a", "b c&d");
        ExchangeView empty = exchange(null);
        empty.addQueryParameter("a", "1");
        assertThat(empty.upstreamQuery()).isEqualTo("a=1");
    }

    @Test
    void acceptsOnlySafeAbsoluteUpstreamPaths() {
        ExchangeView exchange = exchange(null);

        exchange.setUpstreamPath("/v2/accounts/42");
        assertThat(exchange.upstreamPath()).isEqualTo("/v2/accounts/42");
        for (String unsafe : new String[] {"relative", "", "/a/../b", "/a/./b", "/..", "/a?b=1", "/a#f", "/a b",
                "/a\r\nX: y", "/é"}) {
            assertThatThrownBy(() -> exchange.setUpstreamPath(unsafe)).as(unsafe)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("upstream path: ");
        }
        assertThat(exchange.upstreamPath()).as("a refused path changes nothing").isEqualTo("/v2/accounts/42");
    }

    @Test
    void acceptsATokenAsTheUpstreamMethodAndKeepsReportingTheClients() {
        ExchangeView exchange = exchange(null);

        exchange.setUpstreamMethod("PATCH");

        assertThat(exchange.upstreamMethod()).isEqualTo(HttpMethod.PATCH);
        assertThat(exchange.method()).isEqualTo("GET");
        assertThatThrownBy(() -> exchange.setUpstreamMethod("GET /x")).isInstanceOf(IllegalArgumentException.class);
    }

    private static ExchangeView exchange(String query) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                query == null ? "/p" : "/p?" + query);
        RequestContext context = new RequestContext(request, new Peer(null, "127.0.0.1", false, 8080, null), 0, true);
        context.setPath("/p", query);
        return new ExchangeView(context, request, "route", "service");
    }
}
