package io.portico.upstream;

import static io.portico.upstream.UpstreamFixtures.active;
import static io.portico.upstream.UpstreamFixtures.ip;
import static io.portico.upstream.UpstreamFixtures.passive;
import static io.portico.upstream.UpstreamFixtures.spec;
import static io.portico.upstream.UpstreamFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.portico.config.HashOnSpec;
import io.portico.config.HealthChecksSpec;
import io.portico.config.UpstreamSpec.Algorithm;
import io.portico.transport.Transport;
import io.portico.upstream.health.HealthTransition;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ActiveHealthCheckIT {

    private static final Duration INTERVAL = Duration.ofMillis(50);
    // Generous: the first probes of a cold JVM under paranoid leak detection take hundreds of milliseconds.
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private static Transport transport;

    private HttpServer origin;
    private ExecutorService originThreads;
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger probes = new AtomicInteger();
    private final Map<String, String> lastRequest = new ConcurrentHashMap<>();
    private volatile CountDownLatch hang = new CountDownLatch(0);
    private final List<HealthTransition> transitions = new CopyOnWriteArrayList<>();
    private UpstreamRegistry registry;

    @BeforeAll
    static void startTransport() {
        transport = Transport.create(1, "health-it");
    }

    @AfterAll
    static void stopTransport() {
        transport.close();
    }

    @BeforeEach
    void startOrigin() throws IOException {
        origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        originThreads = Executors.newCachedThreadPool();
        origin.setExecutor(originThreads);
        origin.createContext("/health", this::health);
        origin.start();
    }

    private void health(HttpExchange exchange) throws IOException {
        try (exchange) {
            lastRequest.put("method", exchange.getRequestMethod());
            lastRequest.put("path", exchange.getRequestURI().toString());
            lastRequest.put("host", String.valueOf(exchange.getRequestHeaders().getFirst("Host")));
            lastRequest.put("user-agent", String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent")));
            lastRequest.put("connection", String.valueOf(exchange.getRequestHeaders().getFirst("Connection")));
            probes.incrementAndGet();
            hang.await(10, TimeUnit.SECONDS);
            byte[] body = "{\"status\":\"ok\"}".getBytes();
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterEach
    void stopOrigin() {
        if (registry != null) {
            registry.close();
        }
        hang.countDown();
        origin.stop(0);
        originThreads.shutdownNow();
    }

    private String originAddress() {
        return "127.0.0.1:" + origin.getAddress().getPort();
    }

    private Target start(String address, HealthChecksSpec checks) {
        registry = UpstreamRegistry.create(List.of(spec("users-pool", Algorithm.ROUND_ROBIN, HashOnSpec.IP, checks,
                target(address, 100))), null, transport);
        registry.addHealthListener(transitions::add);
        registry.startHealthChecks();
        return registry.get("users-pool").targets().get(0);
    }

    private Target startActive(String address) {
        return start(address, active("/health", INTERVAL, TIMEOUT, 2, 2));
    }

    private Target startActive(String address, Duration timeout) {
        return start(address, active("/health", INTERVAL, timeout, 2, 2));
    }

    @Test
    void probesWithAGetCarryingHostUserAgentAndConnectionClose() {
        startActive(originAddress());
        await().atMost(Duration.ofSeconds(5)).until(() -> probes.get() >= 1);
        assertThat(lastRequest).containsEntry("method", "GET").containsEntry("path", "/health")
                .containsEntry("host", originAddress()).containsEntry("user-agent", "portico-health-check")
                .containsEntry("connection", "close");
    }

    @Test
    void takesATargetOutWhenItsHealthFailsAndBringsItBackWhenItRecovers() {
        Target target = startActive(originAddress());
        await().atMost(Duration.ofSeconds(5)).until(() -> target.health().activeFailures() == 0 && probes.get() >= 2);
        assertThat(target.isHealthy()).isTrue();
        assertThat(transitions).isEmpty();

        status.set(503);
        await().atMost(Duration.ofSeconds(5)).until(() -> !target.isHealthy());
        // The balancer view is rebuilt right after the flag flips: wait for it rather than race it.
        await().atMost(Duration.ofSeconds(5))
                .until(() -> registry.get("users-pool").select(ip("10.0.0.1"), TriedTargets.NONE) == null);
        await().atMost(Duration.ofSeconds(5)).until(() -> !transitions.isEmpty());
        assertThat(transitions).singleElement().satisfies(t ->
                assertThat(t.reason()).isEqualTo("2 failed active checks; last: status 503"));

        status.set(302);
        await().atMost(Duration.ofSeconds(5)).until(target::isHealthy);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> registry.get("users-pool").select(ip("10.0.0.1"), TriedTargets.NONE) == target);
        await().atMost(Duration.ofSeconds(5)).until(() -> transitions.size() == 2);
        assertThat(transitions).extracting(HealthTransition::healthy).containsExactly(false, true);
    }

    @Test
    void countsATimeoutAsAFailure() {
        hang = new CountDownLatch(1);
        Target target = startActive(originAddress(), Duration.ofMillis(300));
        await().atMost(Duration.ofSeconds(5)).until(() -> !target.isHealthy() && !transitions.isEmpty());
        assertThat(transitions.get(0).reason()).isEqualTo("2 failed active checks; last: timed out after 300ms");
    }

    @Test
    void countsAClosedPortAsAFailure() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Target target = startActive("127.0.0.1:" + closedPort);
        await().atMost(Duration.ofSeconds(5)).until(() -> !target.isHealthy() && !transitions.isEmpty());
        assertThat(transitions.get(0).reason()).isEqualTo("2 failed active checks; last: connection refused");
    }

    @Test
    void stopsProbingWhenClosed() {
        startActive(originAddress());
        await().atMost(Duration.ofSeconds(5)).until(() -> probes.get() >= 2);
        registry.close();
        int afterClose = probes.get();
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2))
                .until(() -> probes.get() <= afterClose + 1);
    }

    @Test
    void endsAPassiveEjectionOnATimerWithoutTraffic() {
        // Long enough that a loaded machine cannot end the ejection before the first assertion.
        Target target = start(originAddress(), passive(2, Duration.ofSeconds(2)));
        target.attemptStarted();
        target.attemptFinished(AttemptOutcome.response(502), 1_000_000);
        target.attemptStarted();
        target.attemptFinished(AttemptOutcome.response(503), 1_000_000);
        assertThat(target.isHealthy()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(target::isHealthy);
        assertThat(transitions).extracting(HealthTransition::healthy).containsExactly(false, true);
    }
}
