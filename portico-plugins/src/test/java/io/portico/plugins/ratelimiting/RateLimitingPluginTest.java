package io.portico.plugins.ratelimiting;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.Action;
import io.portico.plugin.Consumer;
import io.portico.plugin.Credential;
import io.portico.plugin.Plugin;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugin.testing.MutableClock;
import io.portico.plugin.testing.TestExchange;
import io.portico.plugin.testing.TestPluginContext;
import io.portico.plugin.testing.TestResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitingPluginTest {

    private final RateLimitingPluginType type = new RateLimitingPluginType();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final TestPluginContext context = new TestPluginContext();

    {
        context.clock = clock;
    }

    @Test
    void refusesWith429OnceTheLimitIsUsedUp() {
        Plugin plugin = plugin(Map.of("minute", 2));

        assertThat(plugin.access(request())).isEqualTo(Action.proceed());
        assertThat(plugin.access(request())).isEqualTo(Action.proceed());
        Action refused = plugin.access(request());

        assertThat(refused).isInstanceOfSatisfying(Action.Respond.class, respond -> {
            assertThat(respond.status()).isEqualTo(429);
            assertThat(respond.error()).isEqualTo("rate_limited");
            assertThat(respond.message()).isEqualTo("API rate limit exceeded");
        });
    }

    @Test
    void answersWithTheConfiguredCodeAndMessage() {
        Plugin plugin = plugin(Map.of("second", 1, "error_code", 503, "error_message", "slow down"));
        plugin.access(request());

        assertThat(plugin.access(request())).isInstanceOfSatisfying(Action.Respond.class, respond -> {
            assertThat(respond.status()).isEqualTo(503);
            assertThat(respond.message()).isEqualTo("slow down");
        });
    }

    @Test
    void reportsTheMostRestrictiveLimitAndEveryPeriod() {
        Plugin plugin = plugin(Map.of("second", 5, "minute", 100));
        clock.advance(Duration.ofSeconds(20));
        for (int i = 0; i < 3; i++) {
            plugin.access(request());
        }

        TestExchange exchange = request();
        plugin.access(exchange);
        TestResponse response = new TestResponse(200);
        plugin.responseHeaders(exchange, response);

        assertThat(response.headers.get("RateLimit-Limit")).isEqualTo("5");
        assertThat(response.headers.get("RateLimit-Remaining")).isEqualTo("1");
        assertThat(response.headers.get("RateLimit-Reset")).isEqualTo("1");
        assertThat(response.headers.get("RateLimit-Policy")).isEqualTo("5;w=1, 100;w=60");
        assertThat(response.headers.get("X-RateLimit-Limit-Second")).isEqualTo("5");
        assertThat(response.headers.get("X-RateLimit-Remaining-Second")).isEqualTo("1");
        assertThat(response.headers.get("X-RateLimit-Limit-Minute")).isEqualTo("100");
        assertThat(response.headers.get("X-RateLimit-Remaining-Minute")).isEqualTo("96");
        assertThat(response.headers.contains("Retry-After")).isFalse();
    }

    @Test
    void tellsARefusedClientWhenToRetry() {
        Plugin plugin = plugin(Map.of("minute", 1, "algorithm", "fixed-window"));
        plugin.access(request());
        clock.advance(Duration.ofMillis(59_500));

        TestExchange exchange = request();
        plugin.access(exchange);
        TestResponse response = new TestResponse(429);
        plugin.responseHeaders(exchange, response);

        assertThat(response.headers.get("Retry-After")).isEqualTo("1");
        assertThat(response.headers.get("RateLimit-Remaining")).isEqualTo("0");
        assertThat(response.headers.get("X-RateLimit-Remaining-Minute")).isEqualTo("0");
        assertThat(response.headers.get("RateLimit-Reset")).isEqualTo("1");
    }

    @Test
    void hidesTheLimitsButKeepsRetryAfter() {
        Plugin plugin = plugin(Map.of("minute", 1, "hide_client_headers", true));
        TestExchange allowed = request();
        plugin.access(allowed);
        TestResponse ok = new TestResponse(200);
        plugin.responseHeaders(allowed, ok);
        TestExchange refused = request();
        plugin.access(refused);
        TestResponse tooMany = new TestResponse(429);
        plugin.responseHeaders(refused, tooMany);

        assertThat(ok.headers.names()).isEmpty();
        assertThat(tooMany.headers.names()).containsExactly("retry-after");
    }

    @Test
    void addsNoHeadersToARequestItDidNotCheck() {
        Plugin plugin = plugin(Map.of("minute", 1));
        TestResponse response = new TestResponse(401);

        plugin.responseHeaders(request(), response);

        assertThat(response.headers.names()).isEmpty();
    }

    @Test
    void countsByConsumerAndFallsBackToTheIpWithoutOne() {
        Plugin plugin = plugin(Map.of("minute", 1, "limit_by", "consumer"));
        TestExchange alice = request();
        alice.consumer = new Consumer("alice", List.of());
        TestExchange aliceElsewhere = request();
        aliceElsewhere.clientIp = "10.9.9.9";
        aliceElsewhere.consumer = alice.consumer;

        assertThat(plugin.access(alice)).isEqualTo(Action.proceed());
        assertThat(plugin.access(aliceElsewhere)).isInstanceOf(Action.Respond.class);
        assertThat(plugin.access(request())).isEqualTo(Action.proceed());
        assertThat(plugin.access(request())).isInstanceOf(Action.Respond.class);
    }

    @Test
    void countsByCredential() {
        Plugin plugin = plugin(Map.of("minute", 1, "limit_by", "credential"));
        Consumer alice = new Consumer("alice", List.of());

        assertThat(plugin.access(withCredential(alice, () -> "key-1"))).isEqualTo(Action.proceed());
        assertThat(plugin.access(withCredential(alice, () -> "key-2"))).isEqualTo(Action.proceed());
        assertThat(plugin.access(withCredential(alice, () -> "key-1"))).isInstanceOf(Action.Respond.class);
    }

    @Test
    void countsByHeaderPathAndService() {
        Plugin byHeader = plugin(Map.of("minute", 1, "limit_by", "header", "header_name", "X-Tenant"));
        assertThat(byHeader.access(request().header("X-Tenant", "a"))).isEqualTo(Action.proceed());
        assertThat(byHeader.access(request().header("X-Tenant", "b"))).isEqualTo(Action.proceed());
        assertThat(byHeader.access(request().header("X-Tenant", "a"))).isInstanceOf(Action.Respond.class);

        Plugin byPath = plugin(Map.of("hour", 1, "limit_by", "path"));
        assertThat(byPath.access(TestExchange.get("/a"))).isEqualTo(Action.proceed());
        assertThat(byPath.access(TestExchange.get("/b"))).isEqualTo(Action.proceed());
        assertThat(byPath.access(TestExchange.get("/a"))).isInstanceOf(Action.Respond.class);

        Plugin byService = plugin(Map.of("day", 1, "limit_by", "service"));
        TestExchange fromElsewhere = request();
        fromElsewhere.clientIp = "10.1.1.1";
        assertThat(byService.access(request())).isEqualTo(Action.proceed());
        assertThat(byService.access(fromElsewhere)).isInstanceOf(Action.Respond.class);
    }

    @Test
    void keepsCountingAcrossAReloadOfTheSameScope() {
        plugin(Map.of("minute", 1)).access(request());

        assertThat(plugin(Map.of("minute", 1)).access(request())).isInstanceOf(Action.Respond.class);
    }

    private Plugin plugin(Map<String, ?> config) {
        ConfigProbe<RateLimitingConfig> probe = ConfigProbe.read(type, config);
        assertThat(probe.problems()).isEmpty();
        return type.create(probe.config(), context);
    }

    private static TestExchange request() {
        TestExchange exchange = TestExchange.get("/orders");
        exchange.clientIp = "10.0.0.1";
        return exchange;
    }

    private static TestExchange withCredential(Consumer consumer, Credential credential) {
        TestExchange exchange = request();
        exchange.consumer = consumer;
        exchange.credential = credential;
        return exchange;
    }
}
