package io.portico.plugins.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.Action;
import io.portico.plugin.Consumer;
import io.portico.plugin.Plugin;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugin.testing.MutableClock;
import io.portico.plugin.testing.TestExchange;
import io.portico.plugin.testing.TestPluginContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuotaPluginTest {

    private static final Consumer ALICE = new Consumer("alice", List.of());
    private static final Consumer BOB = new Consumer("bob", List.of());

    private final QuotaPluginType type = new QuotaPluginType();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T23:59:58Z"));

    private QuotaPlugin plugin(Map<String, ?> config) {
        TestPluginContext context = new TestPluginContext();
        context.clock = clock;
        QuotaConfig read = ConfigProbe.read(type, config).config();
        return (QuotaPlugin) type.create(read, context);
    }

    private static TestExchange from(Consumer consumer) {
        TestExchange exchange = TestExchange.get("/orders");
        exchange.authenticate(consumer, null);
        return exchange;
    }

    private static TestResponse headers(Plugin plugin, TestExchange exchange, int status) {
        TestResponse response = new TestResponse(status);
        plugin.responseHeaders(exchange, response);
        return response;
    }

    @Test
    void allowsTheQuotaThenRefusesWithRetryAfterUntilMidnightUtc() {
        QuotaPlugin quota = plugin(Map.of("day", 2));

        assertThat(quota.access(from(ALICE))).isEqualTo(Action.proceed());
        assertThat(quota.access(from(ALICE))).isEqualTo(Action.proceed());
        Action refused = quota.access(from(ALICE));

        assertThat(refused).isInstanceOfSatisfying(Action.Respond.class, respond -> {
            assertThat(respond.status()).isEqualTo(429);
            assertThat(respond.error()).isEqualTo("quota_exceeded");
            assertThat(respond.headers()).containsEntry("Retry-After", "2");
        });
    }

    @Test
    void countsEachConsumerApart() {
        QuotaPlugin quota = plugin(Map.of("day", 1));

        assertThat(quota.access(from(ALICE))).isEqualTo(Action.proceed());
        assertThat(quota.access(from(BOB))).isEqualTo(Action.proceed());
        assertThat(quota.access(from(ALICE))).isInstanceOf(Action.Respond.class);
    }

    @Test
    void refusesARequestWithoutAConsumer() {
        Action action = plugin(Map.of("day", 1)).access(TestExchange.get("/orders"));

        assertThat(action).isInstanceOfSatisfying(Action.Respond.class, respond -> {
            assertThat(respond.status()).isEqualTo(403);
            assertThat(respond.error()).isEqualTo("quota_requires_consumer");
        });
    }

    @Test
    void startsAfreshWhenTheDayEnds() {
        QuotaPlugin quota = plugin(Map.of("day", 1));
        quota.access(from(ALICE));
        assertThat(quota.access(from(ALICE))).isInstanceOf(Action.Respond.class);

        clock.advance(Duration.ofSeconds(2)); // 2026-11-23T00:00:00Z

        assertThat(quota.access(from(ALICE))).isEqualTo(Action.proceed());
    }

    @Test
    void refusedRequestsAreNotCountedInAnyPeriod() {
        QuotaPlugin quota = plugin(Map.of("day", 1, "month", 3));
        quota.access(from(ALICE));
        for (int i = 0; i < 5; i++) {
            assertThat(quota.access(from(ALICE))).isInstanceOf(Action.Respond.class); // the day is used up
        }

        clock.advance(Duration.ofDays(1));
        quota.access(from(ALICE));
        clock.advance(Duration.ofDays(1));
        TestExchange third = from(ALICE);

        assertThat(quota.access(third)).isEqualTo(Action.proceed());
        assertThat(headers(quota, third, 200).headers.get("X-Quota-Remaining-Month")).isEqualTo("0");
    }

    @Test
    void aMonthExhaustedRetriesOnTheFirstOfTheNextMonth() {
        clock.advance(Duration.ofSeconds(2)); // 2026-11-23T00:00:00Z
        QuotaPlugin quota = plugin(Map.of("day", 10, "month", 1));
        quota.access(from(ALICE));

        Action refused = quota.access(from(ALICE));

        long untilDecember = Duration.between(clock.instant(), Instant.parse("2026-12-01T00:00:00Z")).toSeconds();
        assertThat(((Action.Respond) refused).headers()).containsEntry("Retry-After", Long.toString(untilDecember));
    }

    @Test
    void reportsLimitRemainingAndResetOfEveryPeriod() {
        QuotaPlugin quota = plugin(Map.of("day", 3, "month", 100));
        TestExchange exchange = from(ALICE);
        quota.access(exchange);

        TestResponse response = headers(quota, exchange, 200);

        assertThat(response.headers.get("X-Quota-Limit-Day")).isEqualTo("3");
        assertThat(response.headers.get("X-Quota-Remaining-Day")).isEqualTo("2");
        assertThat(response.headers.get("X-Quota-Reset-Day")).isEqualTo("2026-11-23T00:00:00Z");
        assertThat(response.headers.get("X-Quota-Limit-Month")).isEqualTo("100");
        assertThat(response.headers.get("X-Quota-Remaining-Month")).isEqualTo("99");
        assertThat(response.headers.get("X-Quota-Reset-Month")).isEqualTo("2026-12-01T00:00:00Z");
    }

    @Test
    void hidesTheHeadersWhenAsked() {
        QuotaPlugin quota = plugin(Map.of("day", 3, "hide_client_headers", true));
        TestExchange exchange = from(ALICE);
        quota.access(exchange);

        assertThat(headers(quota, exchange, 200).headers.names()).isEmpty();
    }

    @Test
    void reportsUsageWithoutCountingIt() {
        QuotaPlugin quota = plugin(Map.of("day", 3, "month", 100));
        quota.access(from(ALICE));

        Map<String, Object> usage = quota.usage(ALICE).toCompletableFuture().join();
        Map<String, Object> again = quota.usage(ALICE).toCompletableFuture().join();

        assertThat(usage).isEqualTo(again).isEqualTo(Map.of(
                "day", Map.of("limit", 3L, "used", 1L, "remaining", 2L, "reset", "2026-11-23T00:00:00Z"),
                "month", Map.of("limit", 100L, "used", 1L, "remaining", 99L, "reset", "2026-12-01T00:00:00Z")));
        assertThat(quota.usage(BOB).toCompletableFuture().join()).containsEntry("day",
                Map.of("limit", 3L, "used", 0L, "remaining", 3L, "reset", "2026-11-23T00:00:00Z"));
    }

    @Test
    void countsSurviveAReloadOfTheSameScope() {
        plugin(Map.of("day", 2)).access(from(ALICE));

        QuotaPlugin reloaded = plugin(Map.of("day", 2));

        assertThat(reloaded.access(from(ALICE))).isEqualTo(Action.proceed());
        assertThat(reloaded.access(from(ALICE))).isInstanceOf(Action.Respond.class);
    }
}
