package io.portico.plugins.throttling;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.Action;
import io.portico.plugin.Completed;
import io.portico.plugin.Consumer;
import io.portico.plugin.testing.Awaits;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugin.testing.TestExchange;
import io.portico.plugin.testing.TestPluginContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ThrottlingPluginTest {

    private static final Completed DONE = new Completed(200, null, 0, 0, 0, -1, 0, List.of());

    private static ThrottlingPlugin plugin(Map<String, ?> config) {
        ConfigProbe<ThrottlingConfig> probe = ConfigProbe.read(new ThrottlingPluginType(), config);
        assertThat(probe.problems()).isEmpty();
        return (ThrottlingPlugin) new ThrottlingPluginType().create(probe.config(), new TestPluginContext());
    }

    private static TestExchange request() {
        return TestExchange.get("/x");
    }

    @Test
    void letsRequestsThroughWhileSlotsAreFree() {
        ThrottlingPlugin plugin = plugin(Map.of("max_concurrent", 2));

        assertThat(plugin.access(request())).isSameAs(Action.proceed());
        assertThat(plugin.access(request())).isSameAs(Action.proceed());
        assertThat(plugin.limiters().limiter("test-route").inFlight()).isEqualTo(2);
    }

    @Test
    void refusesAtOnceWith503AndRetryAfterWhenTheQueueIsFull() {
        ThrottlingPlugin plugin = plugin(Map.of("max_concurrent", 1, "queue_size", 1, "retry_after", 3));
        plugin.access(request());
        assertThat(plugin.access(request())).isInstanceOf(Action.Await.class);

        Action refused = plugin.access(request());

        assertThrottled(refused, "3", "too many requests in progress; try again later");
        assertThat(plugin.limiters().limiter("test-route").waiting()).isEqualTo(1);
    }

    @Test
    void refusesAtOnceWithoutAQueue() {
        ThrottlingPlugin plugin = plugin(Map.of("max_concurrent", 1));
        plugin.access(request());

        assertThrottled(plugin.access(request()), "1", "too many requests in progress; try again later");
    }

    @Test
    void aQueuedRequestProceedsWhenAFinishedOneGivesBackItsSlot() throws Exception {
        ThrottlingPlugin plugin = plugin(Map.of("max_concurrent", 1, "queue_size", 2, "queue_timeout", "10s"));
        TestExchange first = request();
        plugin.access(first);
        Action second = plugin.access(request());
        Action third = plugin.access(request());
        assertThat(stage(second)).isNotDone();

        plugin.log(first, DONE);

        assertThat(Awaits.settle(second)).isSameAs(Action.proceed());
        assertThat(stage(third)).as("served in arrival order").isNotDone();
        assertThat(plugin.limiters().limiter("test-route").inFlight()).isEqualTo(1);
    }

    @Test
    void timesOutAQueuedRequestWith503AndRetryAfter() throws Exception {
        ThrottlingPlugin plugin = plugin(Map.of("max_concurrent", 1, "queue_size", 1, "queue_timeout", "50ms",
                "retry_after", 7));
        TestExchange holder = request();
        plugin.access(holder);
        TestExchange waiter = request();
        Action waiting = plugin.access(waiter);

        assertThrottled(Awaits.settle(waiting), "7", "timed out waiting for a request slot; try again later");
        assertThat(plugin.limiters().limiter("test-route").waiting()).isZero();

        plugin.log(waiter, new Completed(503, null, 0, 0, 0, -1, 0, List.of()));
        assertThat(plugin.limiters().limiter("test-route").inFlight()).as("the refused one held nothing").isEqualTo(1);
        plugin.log(holder, DONE);
        assertThat(plugin.limiters().keys()).isZero();
    }

    @Test
    void aClientThatLeavesWhileQueuedFreesItsPlace() {
        ThrottlingPlugin plugin = plugin(Map.of("max_concurrent", 1, "queue_size", 1, "queue_timeout", "10s"));
        TestExchange holder = request();
        plugin.access(holder);
        TestExchange gone = request();
        Action waiting = plugin.access(gone);
        assertThat(plugin.access(request())).isInstanceOf(Action.Respond.class);

        plugin.log(gone, new Completed(499, null, 0, 0, 0, -1, 0, List.of())); // its chain never resumes

        Action next = plugin.access(request());
        assertThat(next).isInstanceOf(Action.Await.class);
        assertThat(stage(waiting)).isCompletedWithValue(false);
        plugin.log(holder, DONE);
        assertThat(stage(next)).isCompletedWithValue(true);
    }

    @Test
    void givesBackASlotHandedToARequestWhoseClientLeftBeforeItResumed() {
        ThrottlingPlugin plugin = plugin(Map.of("max_concurrent", 1, "queue_size", 1, "queue_timeout", "10s"));
        TestExchange holder = request();
        plugin.access(holder);
        TestExchange cancelled = request();
        Action waiting = plugin.access(cancelled);
        plugin.log(holder, DONE);
        assertThat(stage(waiting)).isCompletedWithValue(true);

        plugin.log(cancelled, new Completed(499, null, 0, 0, 0, -1, 0, List.of())); // then() never ran

        assertThat(plugin.limiters().keys()).isZero();
        assertThat(plugin.access(request())).isSameAs(Action.proceed());
    }

    @Test
    void givesBackTheSlotOfARequestALaterPluginRefused() {
        ThrottlingPlugin plugin = plugin(Map.of("max_concurrent", 1));
        TestExchange refusedLater = request();
        assertThat(plugin.access(refusedLater)).isSameAs(Action.proceed());

        plugin.log(refusedLater, new Completed(413, null, 0, 0, 0, -1, 0, List.of()));

        assertThat(plugin.access(request())).isSameAs(Action.proceed());
    }

    @Test
    void ignoresRequestsItNeverSawAndTicketsOfAnotherInstance() {
        ThrottlingPlugin one = plugin(Map.of("max_concurrent", 1));
        ThrottlingPlugin other = plugin(Map.of("max_concurrent", 1));
        TestExchange exchange = request();
        one.access(exchange);

        other.log(exchange, DONE);
        other.log(request(), DONE);

        assertThat(one.limiters().limiter("test-route").inFlight()).isEqualTo(1);
    }

    @Test
    void limitsEachRouteSeparatelyByDefault() {
        ThrottlingPlugin plugin = plugin(Map.of("max_concurrent", 1));
        plugin.access(onRoute("a", "svc"));

        assertThat(plugin.access(onRoute("b", "svc"))).isSameAs(Action.proceed());
        assertThat(plugin.access(onRoute("a", "svc"))).isInstanceOf(Action.Respond.class);
    }

    @Test
    void sharesOneLimitAcrossTheRoutesOfAService() {
        ThrottlingPlugin plugin = plugin(Map.of("max_concurrent", 1, "limit_by", "service"));
        plugin.access(onRoute("a", "svc"));

        assertThat(plugin.access(onRoute("b", "svc"))).isInstanceOf(Action.Respond.class);
        assertThat(plugin.access(onRoute("c", "other"))).isSameAs(Action.proceed());
        assertThat(plugin.access(onRoute("svc", null))).as("a route without a service counts alone, by its name")
                .isSameAs(Action.proceed());
    }

    @Test
    void limitsEachConsumerSeparatelyAndUnidentifiedClientsByAddress() {
        ThrottlingPlugin plugin = plugin(Map.of("max_concurrent", 1, "limit_by", "consumer"));
        plugin.access(as("alice"));
        plugin.access(from("10.0.0.1"));

        assertThat(plugin.access(as("bob"))).isSameAs(Action.proceed());
        assertThat(plugin.access(as("alice"))).isInstanceOf(Action.Respond.class);
        assertThat(plugin.access(from("10.0.0.2"))).isSameAs(Action.proceed());
        assertThat(plugin.access(from("10.0.0.1"))).isInstanceOf(Action.Respond.class);
        assertThat(plugin.access(as("10.0.0.3"))).isSameAs(Action.proceed());
        assertThat(plugin.access(from("10.0.0.3"))).as("a username never shares an address's limit")
                .isSameAs(Action.proceed());
    }

    private static TestExchange onRoute(String route, String service) {
        TestExchange exchange = request();
        exchange.routeName = route;
        exchange.serviceName = service;
        return exchange;
    }

    private static TestExchange as(String username) {
        TestExchange exchange = request();
        exchange.clientIp = "10.0.0.1";
        exchange.authenticate(new Consumer(username, List.of()), () -> username + "-key");
        return exchange;
    }

    private static TestExchange from(String ip) {
        TestExchange exchange = request();
        exchange.clientIp = ip;
        return exchange;
    }

    @SuppressWarnings("unchecked")
    private static CompletableFuture<Object> stage(Action action) {
        assertThat(action).isInstanceOf(Action.Await.class);
        return (CompletableFuture<Object>) ((Action.Await) action).stage().toCompletableFuture();
    }

    private static void assertThrottled(Action action, String retryAfter, String message) {
        assertThat(action).isInstanceOf(Action.Respond.class);
        Action.Respond respond = (Action.Respond) action;
        assertThat(respond.status()).isEqualTo(503);
        assertThat(respond.error()).isEqualTo("throttled");
        assertThat(respond.message()).isEqualTo(message);
        assertThat(respond.headers()).containsExactly(Map.entry("Retry-After", retryAfter));
    }
}
