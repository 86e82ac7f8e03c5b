package io.portico.plugins.throttling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.portico.plugin.Phase;
import io.portico.plugin.PluginRegistry;
import io.portico.server.GatewayFixture;
import io.portico.testing.RawHttpClient;
import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * throttling in a real gateway before a slow origin. A probe plugin just before throttling's access
 * tells when a request has reached the queue, one just after its log phase when it has let go.
 */
class ThrottlingIT {

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            services:
              - {name: slow, url: "http://${ORIGIN}"}
            routes:
              - name: pool
                paths: ["/pool"]
                service: slow
                strip_path: false
                plugins:
                  - {name: throttling, config: {max_concurrent: 2, queue_size: 5, queue_timeout: 10s}}
              - name: order
                paths: ["/order"]
                service: slow
                strip_path: false
                plugins:
                  - {name: throttling, config: {max_concurrent: 1, queue_size: 4, queue_timeout: 10s}}
              - name: short
                paths: ["/short"]
                service: slow
                strip_path: false
                plugins:
                  - {name: throttling, config: {max_concurrent: 1, queue_size: 1, queue_timeout: 1s, retry_after: 4}}
              - name: leave
                paths: ["/leave"]
                service: slow
                strip_path: false
                plugins:
                  - {name: throttling, config: {max_concurrent: 1, queue_size: 1, queue_timeout: 10s}}
              - name: mine
                paths: ["/mine"]
                service: slow
                strip_path: false
                plugins:
                  - {name: key-auth}
                  - {name: throttling, config: {max_concurrent: 1, limit_by: consumer}}
            plugins:
              - {name: arrival-probe}
              - {name: exit-probe}
            consumers:
              - {username: alice, credentials: {key-auth: [{key: k-alice}]}}
              - {username: bob, credentials: {key-auth: [{key: k-bob}]}}
            """;

    private static final Queue<String> arrived = new ConcurrentLinkedQueue<>();
    private static final Queue<String> left = new ConcurrentLinkedQueue<>();
    private static TestOrigin origin;
    private static GatewayFixture portico;

    @BeforeAll
    static void start() throws Exception {
        origin = TestOrigin.start();
        PluginRegistry plugins = PluginRegistry.discover().with(
                new ProbePluginType("arrival-probe", Phase.ACCESS, 901, arrived),
                new ProbePluginType("exit-probe", Phase.LOG, 899, left));
        portico = GatewayFixture.start(CONFIG, Map.of("ORIGIN", "127.0.0.1:" + origin.port()), plugins);
    }

    @AfterAll
    static void stop() {
        if (portico != null) {
            portico.close();
        }
        if (origin != null) {
            origin.close();
        }
    }

    @BeforeEach
    void reset() {
        origin.clearRequests();
        arrived.clear();
        left.clear();
    }

    @Test
    void keepsAtMostMaxConcurrentRequestsAtTheOriginAndQueuesTheRest() throws Exception {
        origin.route("/pool", Reply.echo().headerDelay(Duration.ofSeconds(2)));
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            responses.add(sendAsync("/pool", "pool-" + i));
        }

        origin.awaitRequests(2);
        awaitArrived("pool-1", "pool-2", "pool-3", "pool-4");
        assertThat(origin.requests("/pool")).as("two in flight, two queued").hasSize(2);

        for (CompletableFuture<HttpResponse<String>> response : responses) {
            assertThat(response.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(origin.requests("/pool")).hasSize(4);
    }

    @Test
    void servesQueuedRequestsInArrivalOrder() throws Exception {
        origin.route("/order/first", Reply.echo().headerDelay(Duration.ofMillis(1500)));
        origin.route("/order/next", Reply.echo().headerDelay(Duration.ofMillis(100)));
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        responses.add(sendAsync("/order/first", "order-1"));
        origin.awaitRequests(1);
        for (int i = 2; i <= 5; i++) {
            responses.add(sendAsync("/order/next", "order-" + i));
            awaitArrived("order-" + i); // queued before the next one is sent
        }
        assertThat(origin.requests("/order")).as("the others wait for the first").hasSize(1);

        for (CompletableFuture<HttpResponse<String>> response : responses) {
            assertThat(response.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(origin.requests("/order")).extracting(request -> request.header("x-seq"))
                .containsExactly("order-1", "order-2", "order-3", "order-4", "order-5");
    }

    @Test
    void refusesAtOnceWhenTheQueueIsFullAndAfterTheQueueTimeoutOtherwise() throws Exception {
        origin.route("/short", Reply.echo().headerDelay(Duration.ofSeconds(3)));
        CompletableFuture<HttpResponse<String>> holder = sendAsync("/short", "short-1");
        origin.awaitRequests(1);
        long queuedAt = System.nanoTime();
        CompletableFuture<HttpResponse<String>> queued = sendAsync("/short", "short-2");
        awaitArrived("short-2");

        HttpResponse<String> full = sendAsync("/short", "short-3").get(20, TimeUnit.SECONDS);

        assertThat(queued).as("still waiting when the third is refused").isNotDone();
        assertThrottled(full, "too many requests in progress; try again later", "4");
        HttpResponse<String> timedOut = queued.get(20, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - queuedAt)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThrottled(timedOut, "timed out waiting for a request slot; try again later", "4");
        assertThat(holder.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(origin.requests("/short")).extracting(request -> request.header("x-seq")).containsExactly("short-1");
        assertThat(portico.scrapeMetrics().value("portico_rate_limited_total",
                "route", "short", "plugin", "throttling")).as("queue full and timed out").isEqualTo(2);
    }

    @Test
    void aClientThatDisconnectsWhileQueuedFreesItsPlace() throws Exception {
        origin.route("/leave", Reply.echo().headerDelay(Duration.ofSeconds(2)));
        CompletableFuture<HttpResponse<String>> holder = sendAsync("/leave", "leave-1");
        origin.awaitRequests(1);
        try (RawHttpClient quitter = RawHttpClient.connect(portico.port())) {
            quitter.send("GET /leave HTTP/1.1\r\nHost: localhost\r\nX-Seq: leave-2\r\n\r\n");
            awaitArrived("leave-2");
            assertThrottled(sendAsync("/leave", "leave-3").get(20, TimeUnit.SECONDS),
                    "too many requests in progress; try again later");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> left.contains("leave-2 499"));

        CompletableFuture<HttpResponse<String>> next = sendAsync("/leave", "leave-4");

        assertThat(holder.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(next.get(20, TimeUnit.SECONDS).statusCode()).as("queued in the place that was freed").isEqualTo(200);
        assertThat(origin.requests("/leave")).extracting(request -> request.header("x-seq"))
                .containsExactly("leave-1", "leave-4");
        await().atMost(Duration.ofSeconds(10)).until(() -> left.contains("leave-4 200"));
        origin.route("/leave", Reply.echo());
        assertThat(portico.send(portico.request("/leave").header("X-Seq", "leave-5")).statusCode())
                .as("no slot leaked").isEqualTo(200);
    }

    @Test
    void limitsEachConsumerIndependently() throws Exception {
        origin.route("/mine", Reply.echo().headerDelay(Duration.ofSeconds(2)));
        CompletableFuture<HttpResponse<String>> alice = sendAsync("/mine", "mine-1", "k-alice");
        origin.awaitRequests(1);

        HttpResponse<String> aliceAgain = sendAsync("/mine", "mine-2", "k-alice").get(20, TimeUnit.SECONDS);
        CompletableFuture<HttpResponse<String>> bob = sendAsync("/mine", "mine-3", "k-bob");

        assertThrottled(aliceAgain, "too many requests in progress; try again later");
        assertThat(origin.awaitRequests(2)).extracting(request -> request.header("x-consumer-username"))
                .containsExactly("alice", "bob");
        assertThat(alice.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(bob.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void aRequestRefusedBeforeThrottlingTakesNoSlot() throws Exception {
        origin.route("/mine", Reply.echo());
        for (int i = 0; i < 3; i++) {
            assertThat(portico.send(portico.request("/mine").header("X-Seq", "anon-" + i)).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> response = portico.send(portico.request("/mine").header("apikey", "k-alice"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(arrived).doesNotContain("anon-0", "anon-1", "anon-2");
    }

    private static CompletableFuture<HttpResponse<String>> sendAsync(String path, String seq) {
        return portico.client().sendAsync(portico.request(path).header("X-Seq", seq).timeout(Duration.ofSeconds(20))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static CompletableFuture<HttpResponse<String>> sendAsync(String path, String seq, String apiKey) {
        return portico.client().sendAsync(portico.request(path).header("X-Seq", seq).header("apikey", apiKey)
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitArrived(String... seqs) {
        await().atMost(Duration.ofSeconds(10)).until(() -> arrived.containsAll(List.of(seqs)));
    }

    private static void assertThrottled(HttpResponse<String> response, String message) {
        assertThrottled(response, message, "1");
    }

    private static void assertThrottled(HttpResponse<String> response, String message, String retryAfter) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("retry-after")).hasValue(retryAfter);
        assertThat(response.body()).startsWith("{\"status\":503,\"error\":\"throttled\",\"message\":\"" + message + "\"");
    }
}
